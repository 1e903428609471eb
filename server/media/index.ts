export { MediaSignalling, type SignallingOptions } from './signalling.ts';
export { EndpointTable, MAX_CALLS_WITH_ENDPOINTS, MAX_ENDPOINTS_PER_CONNECTION, type SignalSink, type Endpoint } from './endpoints.ts';
export { iceConfigFor, turnCredentials, type IceSettings } from './ice.ts';
