export type RuntimeConfig = { apiBaseUrl: string };

/** Reads `config.json` beside index.html, so one build can point at any API. */
export async function loadConfig(): Promise<RuntimeConfig> {
  const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = (await response.json()) as Partial<RuntimeConfig>;
  if (typeof config.apiBaseUrl !== 'string' || !config.apiBaseUrl) {
    throw new Error('config.json must name apiBaseUrl');
  }
  return { apiBaseUrl: config.apiBaseUrl };
}
