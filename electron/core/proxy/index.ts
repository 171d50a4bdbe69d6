export { startProxy, type RunningProxy } from './proxy-server';
export type { LocalRoute, ProxyOptions } from './proxy-options';
