// Payments entry points for the server: the webhook plugin, the sandbox plugin, the adapters, config.
export { loadPaymentsConfig, type MpesaConfig, type PawapayConfig, type PaymentsConfig, type StripeConfig } from './config.ts';
export type {
  CollectionRequest,
  DisbursementRequest,
  Failure,
  InitResult,
  OnProviderEvent,
  PaymentKind,
  PaymentProvider,
  PaymentStatus,
  ProviderEvent,
  ProviderEventType,
  ProviderName,
  RefundRequest,
} from './provider.ts';
export { createProviders, type Providers } from './providers.ts';
export { type SandboxPaymentsOptions, sandboxPaymentsPlugin } from './sandbox/plugin.ts';
export { type PaymentsPluginOptions, paymentsPlugin } from './webhooks.ts';
