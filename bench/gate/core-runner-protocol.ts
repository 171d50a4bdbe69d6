/** Where the core runner's gate points; passed as its one JSON argument. */
export interface CoreRunnerConfig {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly upstreamUrl: string;
  readonly clientId: string;
}

/** Switches the runner's activity log on or off; it answers with the same message once done. */
export interface ActivitySwitch {
  readonly type: 'activity';
  readonly on: boolean;
}
