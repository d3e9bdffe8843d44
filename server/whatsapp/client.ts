// A thin Green API client on global fetch. The token travels in the URL, so URLs are never logged.
// Errors keep the HTTP status so the outbox can tell retryable (429, 5xx) from quota (466) and fatal.

export type GreenApiConfig = { apiUrl: string; mediaUrl: string; idInstance: string; token: string; timeoutMs?: number };

export class GreenApiError extends Error {
  readonly status: number;
  readonly method: string;
  readonly kind: 'retryable' | 'quota' | 'fatal';
  constructor(status: number, method: string, body: string) {
    super(`Green API ${method} failed with HTTP ${status}: ${body.slice(0, 200)}`);
    this.status = status;
    this.method = method;
    this.kind = status === 466 ? 'quota' : status === 429 || status >= 500 || status === 0 ? 'retryable' : 'fatal';
  }
}

export type Button = { buttonId: string; buttonText: string };

export function createGreenApiClient(cfg: GreenApiConfig) {
  const timeoutMs = cfg.timeoutMs ?? 15_000;
  async function call<T>(method: string, body?: unknown, opts: { media?: boolean; form?: FormData } = {}): Promise<T> {
    const base = (opts.media ? cfg.mediaUrl : cfg.apiUrl).replace(/\/$/, '');
    const url = `${base}/waInstance${cfg.idInstance}/${method}/${cfg.token}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: body === undefined && !opts.form ? 'GET' : 'POST',
        headers: opts.form || body === undefined ? undefined : { 'content-type': 'application/json' },
        body: opts.form ?? (body === undefined ? undefined : JSON.stringify(body)),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      // Network error or timeout: we cannot know whether it was queued; the outbox decides.
      throw new GreenApiError(0, method, String((err as Error).message ?? err));
    }
    const text = await res.text();
    if (!res.ok) throw new GreenApiError(res.status, method, text);
    return (text ? JSON.parse(text) : null) as T;
  }
  return {
    sendMessage: (chatId: string, message: string) => call<{ idMessage: string }>('sendMessage', { chatId, message }),
    sendInteractiveButtonsReply: (chatId: string, p: { body: string; header?: string; footer?: string; buttons: Button[] }) =>
      call<{ idMessage: string }>('sendInteractiveButtonsReply', { chatId, ...p }),
    sendFileByUrl: (chatId: string, p: { urlFile: string; fileName: string; caption?: string }) => call<{ idMessage: string }>('sendFileByUrl', { chatId, ...p }),
    sendFileByUpload: (chatId: string, p: { data: Buffer; mimeType: string; fileName: string; caption?: string }) => {
      const form = new FormData();
      form.set('chatId', chatId);
      form.set('fileName', p.fileName);
      if (p.caption) form.set('caption', p.caption);
      form.set('file', new Blob([new Uint8Array(p.data)], { type: p.mimeType }), p.fileName);
      return call<{ idMessage: string; urlFile?: string }>('sendFileByUpload', undefined, { media: true, form });
    },
    downloadFile: (chatId: string, idMessage: string) => call<{ downloadUrl: string }>('downloadFile', { chatId, idMessage }),
    getStateInstance: () => call<{ stateInstance: string }>('getStateInstance'),
  };
}

export type GreenApiClient = ReturnType<typeof createGreenApiClient>;
