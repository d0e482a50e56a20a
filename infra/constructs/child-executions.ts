import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { acknowledgeWildcardResources } from './nag.ts';

/**
 * What a Distributed Map needs of its own state machine: starting each item's child execution,
 * and describing and stopping them. A separate policy, attached after the state machine exists
 * (it names it), so the state machine does not wait for a policy that waits for it.
 */
export function grantChildExecutions(stateMachine: sfn.StateMachine): void {
  const stack = Stack.of(stateMachine);
  // Executions are `execution:<name>:<id>`; a Map's child executions `execution:<name>/<label>:<id>`.
  const executions = [':*', '/*'].map((suffix) =>
    stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachine.stateMachineName}${suffix}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
  );
  const policy = new iam.Policy(stateMachine, 'DistributedMapPolicy', {
    statements: [
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [stateMachine.stateMachineArn],
      }),
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: executions,
      }),
    ],
  });
  stateMachine.role.attachInlinePolicy(policy);
  acknowledgeWildcardResources(
    policy,
    executions,
    "The executions of this one state machine, whose ids are made at run time: the Distributed Maps' child executions (one per fetch slice, one per stream bucket), which it watches and stops.",
  );
}
