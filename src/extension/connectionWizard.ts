/**
 * The step-by-step questions of Add Connection, Edit Connection and Replace
 * Secret, driven by each provider's `fields`: a QuickPick for a fixed choice,
 * an InputBox (masked for secrets) for the rest, each validated as typed.
 */
import { ConfigError } from '../core/errors';
import type { ConnectionSecrets } from '../core/model';
import type { ConnectionField, Provider } from '../core/provider';
import type { Prompter } from './prompts';

export type WizardMode = 'add' | 'edit' | 'secrets';

export interface WizardValues {
  settings: Record<string, string | undefined>;
  secrets: ConnectionSecrets;
}

export function fieldApplies(field: ConnectionField, values: Record<string, string | undefined>): boolean {
  if (!field.when) return true;
  const v = values[field.when.key];
  return v !== undefined && field.when.values.includes(v);
}

export function validateField(field: ConnectionField, value: string): string | undefined {
  if (field.required && value.trim() === '') return `${field.label} is required`;
  if (value.trim() === '' && !field.required) return undefined;
  return field.validate?.(value);
}

/** Asks the provider's fields in order; resolves undefined when the user pressed Escape. */
export async function askConnectionFields(
  prompter: Prompter,
  provider: Provider,
  mode: WizardMode,
  current: WizardValues,
  title: string,
  stepOffset = 0,
  extraSteps = 0,
): Promise<WizardValues | undefined> {
  const settings = { ...current.settings };
  const secrets: ConnectionSecrets = {};
  const values = (): Record<string, string | undefined> => ({ ...settings, ...secrets });
  const wanted = (f: ConnectionField): boolean => {
    if (mode === 'secrets') return f.secret;
    // Edit asks the settings; a secret only when the new settings need one that isn't stored.
    if (mode === 'edit' && f.secret) return f.required && !current.secrets[f.key];
    return true;
  };
  const total = stepOffset + provider.fields.filter(wanted).length + extraSteps;
  let step = stepOffset;
  for (const field of provider.fields) {
    if (!wanted(field)) continue;
    if (!fieldApplies(field, { ...values(), ...(mode === 'secrets' ? current.secrets : {}) })) continue;
    step++;
    let value: string | undefined;
    const existing = field.secret ? undefined : settings[field.key];
    if (field.options?.length) {
      const chosen = existing ?? field.defaultValue;
      const items = field.options.map((o) => ({
        label: o.label,
        value: o.value,
        ...(o.value === chosen ? { description: '(current)' } : {}),
      }));
      items.sort((a, b) => Number(b.value === chosen) - Number(a.value === chosen));
      value = await prompter.pick({ title, placeholder: field.description ?? field.label, items, step, totalSteps: total });
    } else {
      value = await prompter.input({
        title,
        prompt: `${field.label}${field.required ? '' : ' (optional)'}${field.description ? ` — ${field.description}` : ''}`,
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        value: existing ?? field.defaultValue ?? '',
        password: field.secret,
        step,
        totalSteps: total,
        validate: (v) => validateField(field, v),
      });
    }
    if (value === undefined) return undefined;
    const trimmed = field.secret ? value : value.trim();
    if (field.secret) secrets[field.key] = trimmed || undefined;
    else settings[field.key] = trimmed || undefined;
  }
  // Settings that no longer apply (e.g. a token URL after switching to a pasted token) are dropped.
  for (const field of provider.fields) {
    if (!field.secret && !fieldApplies(field, values())) delete settings[field.key];
  }
  return { settings, secrets };
}

/** Validates a whole connection as the provider would; a ConfigError's message names the field. */
export function checkConnection(provider: Provider, settings: WizardValues['settings'], secrets: ConnectionSecrets): string | undefined {
  try {
    provider.validate({ id: 'check', provider: provider.id, label: 'check', settings }, secrets);
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    return e instanceof Error ? e.message : String(e);
  }
}
