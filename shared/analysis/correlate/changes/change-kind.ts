/** `activity`: a load that began just before the fault (a batch run, a rebuild), read from new lines (activity.ts). */
export type ChangeKind = 'deploy' | 'restart' | 'config' | 'policy' | 'scale' | 'activity';
