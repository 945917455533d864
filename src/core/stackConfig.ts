/**
 * The stack config the engine handed to the provider process (`configure`), kept for the process's lifetime.
 * Program-side lookups pass their own source instead.
 */
import { ConfigSource, CONFIG_NAMESPACE } from "./settings";

let providerConfig: ConfigSource = () => undefined;

/** Called from the provider's `configure` with the engine's config (`req.config.get("ns:key")`). */
export function setProviderConfig(get: (fullKey: string) => string | undefined): void {
  providerConfig = (key) => get(`${CONFIG_NAMESPACE}:${key}`);
}

export function getProviderConfig(): ConfigSource {
  return providerConfig;
}
