/** What the analyzer remembers of one alarm between its state changes. */
export interface AlarmState {
  alarmArn: string;
  alarmName: string;
  /** The incident this alarm's last ALARM opened (or updated), until a cool-down passes. */
  openIncidentId: string | null;
  /** ISO time of the last ALARM and of the last OK transition. */
  lastAlarmAt: string | null;
  lastOkAt: string | null;
  /** How many analyses ran for the open incident (a flapping alarm re-runs it). */
  runs: number;
  /** Optimistic-locking version; a write succeeds only over the version it read. */
  version: number;
}

/** The alarm states (DynamoDB in AWS, dynalite locally), written with conditional writes. */
export interface AlarmStateStore {
  get(alarmArn: string): Promise<AlarmState | null>;
  /** Writes `state` if the stored version is `expectedVersion` (null: no item yet); false when another writer won. */
  put(state: AlarmState, expectedVersion: number | null): Promise<boolean>;
  /** Alarms whose last ALARM is at or after `sinceIso` and that hold an open incident. */
  recentlyAlarmed(sinceIso: string): Promise<AlarmState[]>;
}
