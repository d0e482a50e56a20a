import type { Platform } from './narrative-input.ts';

/**
 * The operations a fix may need, as a command for one platform. An operation the platform has no
 * command for returns undefined, and the fix is then given as an action without a command.
 * Values the logs cannot tell (namespace, cluster, sizes) stay `<placeholders>`.
 */
export interface PlatformCommands {
  restart(service: string): string | undefined;
  rollback(service: string): string | undefined;
  history(service: string): string | undefined;
  crashLogs(service: string): string | undefined;
  memory(service: string): string | undefined;
  memoryUsage(service: string): string | undefined;
  cpuUsage(service: string): string | undefined;
  cpu(service: string): string | undefined;
  scale(service: string): string | undefined;
  autoscale(service: string, metric: 'cpu' | 'memory'): string | undefined;
  diskUsage(service: string): string | undefined;
  diskGrow(service: string): string | undefined;
  exec(service: string, command: string): string | undefined;
  identity(service: string): string | undefined;
  envNames(service: string): string | undefined;
  safeRollout(service: string): string | undefined;
  timeout(service: string): string | undefined;
}

const NS = '-n <namespace>';

const kubernetes: PlatformCommands = {
  restart: (s) => `kubectl rollout restart deployment/${s} ${NS}`,
  rollback: (s) => `kubectl rollout undo deployment/${s} ${NS}\nkubectl rollout status deployment/${s} ${NS}`,
  history: (s) => `kubectl rollout history deployment/${s} ${NS}`,
  crashLogs: (s) =>
    `kubectl logs deployment/${s} ${NS} --previous --tail=200\nkubectl describe deployment/${s} ${NS}`,
  memory: (s) =>
    `kubectl set resources deployment/${s} ${NS} --requests=memory=<new-request> --limits=memory=<new-limit>`,
  memoryUsage: (s) => `kubectl top pods ${NS} --containers | grep ${s}`,
  cpuUsage: (s) => `kubectl top pods ${NS} --containers | grep ${s}`,
  cpu: (s) =>
    `kubectl set resources deployment/${s} ${NS} --requests=cpu=<new-request> --limits=cpu=<new-limit>`,
  scale: (s) => `kubectl scale deployment/${s} ${NS} --replicas=<replicas>`,
  autoscale: (s, metric) =>
    metric === 'cpu'
      ? `kubectl autoscale deployment/${s} ${NS} --min=3 --max=10 --cpu-percent=70`
      : [
          `kubectl apply ${NS} -f - <<'EOF'`,
          'apiVersion: autoscaling/v2',
          'kind: HorizontalPodAutoscaler',
          `metadata: {name: ${s}}`,
          'spec:',
          `  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${s}}`,
          '  minReplicas: 3',
          '  maxReplicas: 10',
          '  metrics:',
          '    - type: Resource',
          '      resource: {name: memory, target: {type: Utilization, averageUtilization: 75}}',
          'EOF',
        ].join('\n'),
  diskUsage: (s) => `kubectl exec deploy/${s} ${NS} -- df -h`,
  diskGrow: () =>
    `kubectl patch pvc <pvc-name> ${NS} -p '{"spec":{"resources":{"requests":{"storage":"<new-size>"}}}}'`,
  exec: (s, command) => `kubectl exec deploy/${s} ${NS} -- ${command}`,
  identity: (s) =>
    [
      `kubectl get deployment/${s} ${NS} -o jsonpath='{.spec.template.spec.serviceAccountName}'`,
      `kubectl get serviceaccount <service-account> ${NS} -o jsonpath='{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}'`,
    ].join('\n'),
  envNames: (s) =>
    `kubectl get deployment/${s} ${NS} -o jsonpath='{.spec.template.spec.containers[*].env[*].name}'`,
  safeRollout: (s) =>
    `kubectl patch deployment/${s} ${NS} -p '{"spec":{"minReadySeconds":30,"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}'`,
  timeout: () => undefined,
};

const CLUSTER = '--cluster <cluster>';
const TASK_DEF = '--task-definition <task-definition>';

function ecsScalingPolicy(s: string, metric: 'cpu' | 'memory'): string {
  const predefined =
    metric === 'cpu' ? 'ECSServiceAverageCPUUtilization' : 'ECSServiceAverageMemoryUtilization';
  const target = `--service-namespace ecs --resource-id service/<cluster>/${s} --scalable-dimension ecs:service:DesiredCount`;
  return [
    `aws application-autoscaling register-scalable-target ${target} --min-capacity 2 --max-capacity 10`,
    `aws application-autoscaling put-scaling-policy ${target} --policy-name ${s}-${metric} --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{"TargetValue":70,"PredefinedMetricSpecification":{"PredefinedMetricType":"${predefined}"}}'`,
  ].join('\n');
}

function ecsResize(s: string, field: 'cpu' | 'memory'): string {
  return [
    `aws ecs describe-task-definition ${TASK_DEF} --query 'taskDefinition.{${field}:${field},containers:containerDefinitions[].{name:name,${field}:${field}}}'`,
    `aws ecs update-service ${CLUSTER} --service ${s} --task-definition <new-task-definition-with-more-${field}>`,
  ].join('\n');
}

function ecsMetric(s: string, metric: string): string {
  return `aws cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name ${metric} --dimensions Name=ClusterName,Value=<cluster> Name=ServiceName,Value=${s} --start-time <start> --end-time <end> --period 60 --statistics Maximum`;
}

function ecsExec(command: string): string {
  return `aws ecs execute-command ${CLUSTER} --task <task-id> --container <container> --interactive --command "${command}"`;
}

const ecs: PlatformCommands = {
  restart: (s) => `aws ecs update-service ${CLUSTER} --service ${s} --force-new-deployment`,
  rollback: (s) =>
    [
      `aws ecs update-service ${CLUSTER} --service ${s} --task-definition <previous-task-definition>`,
      `aws ecs wait services-stable ${CLUSTER} --services ${s}`,
    ].join('\n'),
  history: (s) =>
    `aws ecs describe-services ${CLUSTER} --services ${s} --query 'services[0].deployments[].{taskDefinition:taskDefinition,status:status,rollout:rolloutState,createdAt:createdAt}'`,
  crashLogs: (s) =>
    [
      `aws ecs list-tasks ${CLUSTER} --service-name ${s} --desired-status STOPPED`,
      `aws ecs describe-tasks ${CLUSTER} --tasks <task-arn> --query 'tasks[].{stopped:stoppedReason,containers:containers[].{name:name,exitCode:exitCode,reason:reason}}'`,
    ].join('\n'),
  memory: (s) => ecsResize(s, 'memory'),
  memoryUsage: (s) => ecsMetric(s, 'MemoryUtilization'),
  cpuUsage: (s) => ecsMetric(s, 'CPUUtilization'),
  cpu: (s) => ecsResize(s, 'cpu'),
  scale: (s) => `aws ecs update-service ${CLUSTER} --service ${s} --desired-count <count>`,
  autoscale: ecsScalingPolicy,
  diskUsage: () => ecsExec('df -h'),
  diskGrow: (s) =>
    [
      `aws ecs describe-task-definition ${TASK_DEF} --query 'taskDefinition.ephemeralStorage'`,
      `aws ecs update-service ${CLUSTER} --service ${s} --task-definition <new-task-definition-with-more-ephemeralStorage>`,
    ].join('\n'),
  exec: (_s, command) => ecsExec(command),
  identity: () =>
    `aws ecs describe-task-definition ${TASK_DEF} --query 'taskDefinition.{taskRole:taskRoleArn,executionRole:executionRoleArn}'`,
  envNames: () =>
    `aws ecs describe-task-definition ${TASK_DEF} --query 'taskDefinition.containerDefinitions[].{name:name,environment:environment[].name,secrets:secrets[].name}'`,
  safeRollout: (s) =>
    `aws ecs update-service ${CLUSTER} --service ${s} --deployment-configuration "deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=100"`,
  timeout: () => undefined,
};

const lambda: PlatformCommands = {
  restart: () => undefined,
  rollback: (s) =>
    `aws lambda update-alias --function-name ${s} --name <alias> --function-version <previous-version>`,
  history: (s) =>
    [
      `aws lambda list-aliases --function-name ${s}`,
      `aws lambda list-versions-by-function --function-name ${s} --query 'Versions[].{version:Version,modified:LastModified}'`,
    ].join('\n'),
  crashLogs: (s) =>
    `aws logs tail /aws/lambda/${s} --since 30m --filter-pattern '?"ERROR" ?"Runtime.ExitError" ?"Task timed out"'`,
  memory: (s) => `aws lambda update-function-configuration --function-name ${s} --memory-size <memory-mb>`,
  memoryUsage: (s) =>
    `aws logs filter-log-events --log-group-name /aws/lambda/${s} --filter-pattern '"Max Memory Used"' --start-time <epoch-ms>`,
  cpuUsage: (s) =>
    `aws logs filter-log-events --log-group-name /aws/lambda/${s} --filter-pattern '"REPORT"' --start-time <epoch-ms>`,
  // Lambda allots CPU in proportion to memory, so more CPU means more memory.
  cpu: (s) => `aws lambda update-function-configuration --function-name ${s} --memory-size <memory-mb>`,
  scale: (s) =>
    `aws lambda put-function-concurrency --function-name ${s} --reserved-concurrent-executions <count>`,
  autoscale: () => undefined,
  diskUsage: () => undefined,
  diskGrow: (s) =>
    `aws lambda update-function-configuration --function-name ${s} --ephemeral-storage Size=<size-mb>`,
  exec: () => undefined,
  identity: (s) => `aws lambda get-function-configuration --function-name ${s} --query Role`,
  envNames: (s) =>
    `aws lambda get-function-configuration --function-name ${s} --query 'keys(Environment.Variables)'`,
  safeRollout: (s) =>
    `aws lambda update-alias --function-name ${s} --name <alias> --function-version <previous-version> --routing-config 'AdditionalVersionWeights={"<new-version>"=0.1}'`,
  timeout: (s) => `aws lambda update-function-configuration --function-name ${s} --timeout <seconds>`,
};

const ec2: PlatformCommands = {
  restart: (s) => `sudo systemctl restart ${s}`,
  rollback: () => undefined,
  history: () => undefined,
  crashLogs: (s) => `sudo journalctl -u ${s} --since "30 min ago" --no-pager | tail -200`,
  memory: (s) =>
    `systemctl show ${s} -p MemoryCurrent -p MemoryMax\nsudo systemctl set-property ${s} MemoryMax=<new-limit>`,
  memoryUsage: (s) => `systemctl show ${s} -p MemoryCurrent -p MemoryPeak`,
  cpuUsage: () => 'top -b -n 1 -o %CPU | head -20',
  cpu: () => undefined,
  scale: () =>
    'aws autoscaling set-desired-capacity --auto-scaling-group-name <asg-name> --desired-capacity <count>',
  autoscale: (s, metric) =>
    metric === 'cpu'
      ? `aws autoscaling put-scaling-policy --auto-scaling-group-name <asg-name> --policy-name ${s}-cpu --policy-type TargetTrackingScaling --target-tracking-configuration '{"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"},"TargetValue":70}'`
      : undefined,
  diskUsage: () => 'df -h && sudo du -xh / --max-depth=2 2>/dev/null | sort -h | tail -20',
  diskGrow: () =>
    'aws ec2 modify-volume --volume-id <volume-id> --size <new-size-gb>\nsudo growpart /dev/<device> <partition-number> && sudo resize2fs /dev/<partition>',
  exec: (_s, command) => command,
  identity: () => 'aws sts get-caller-identity',
  envNames: (s) => `sudo systemctl cat ${s}`,
  safeRollout: () => undefined,
  timeout: () => undefined,
};

const none = (): undefined => undefined;
const unknown: PlatformCommands = {
  restart: none,
  rollback: none,
  history: none,
  crashLogs: none,
  memory: none,
  memoryUsage: none,
  cpuUsage: none,
  cpu: none,
  scale: none,
  autoscale: none,
  diskUsage: none,
  diskGrow: none,
  exec: none,
  identity: none,
  envNames: none,
  safeRollout: none,
  timeout: none,
};

const COMMANDS: Readonly<Record<Platform, PlatformCommands>> = { kubernetes, ecs, lambda, ec2, unknown };

export function platformCommands(platform: Platform): PlatformCommands {
  return COMMANDS[platform];
}
