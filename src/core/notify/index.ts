export * from './types';
export * from './target';
export * from './channel';
export * from './dispatcher';
export { alertMessage, resolvedMessage, testMessage } from './message';
export { standardWebhookSignature, standardWebhookHeaders } from './signing';
