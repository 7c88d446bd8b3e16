import { computed, reactive, ref } from 'vue';
import { defineStore } from 'pinia';
import type {
  AppErrorShape,
  ConnectionKind,
  ConnectionSummary,
  SecretKindName,
} from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import {
  AUTH_SCHEMES,
  configFromDraft,
  draftFromConfig,
  emptyDraft,
  newRateLimitRow,
  secretKindFor,
  type ConfigDraft,
} from '../connections/config-draft';
import { fieldErrorsFrom, localFieldErrors, type FieldErrors } from '../connections/field-errors';
import { SECRET_LABELS } from '../connections/presentation';
import { showError, showSuccess } from '../theme/feedback';
import { useConnectionsStore } from './connections';
import { useSecretsStore, type SecretStorage } from './secrets';

/** Which TLS file the native dialog is opened for. */
export type FilePurpose = 'ca' | 'client-cert' | 'client-key' | 'pfx';

export const useConnectionEditorStore = defineStore('connection-editor', () => {
  const connections = useConnectionsStore();
  const secrets = useSecretsStore();

  const open = ref(false);
  const editingId = ref<string | null>(null);
  const draft = reactive<ConfigDraft>(emptyDraft());
  const fieldErrors = ref<FieldErrors>({});
  const formError = ref<AppErrorShape | null>(null);
  const saving = ref(false);
  const savedOnce = ref(false);
  /** What the operator is typing; handed to main on save and cleared in the same step. */
  const secretValue = ref('');
  const passphraseValue = ref('');
  const secretStorage = ref<SecretStorage>('keychain');
  const tenant = ref('');
  const presetBusy = ref(false);

  const editing = computed<ConnectionSummary | null>(() =>
    editingId.value ? connections.byId(editingId.value) : null,
  );
  const secretKind = computed(() => secretKindFor(draft.auth.scheme));

  function clearTypedSecrets(): void {
    secretValue.value = '';
    passphraseValue.value = '';
  }

  function reset(next: ConfigDraft): void {
    Object.assign(draft, next);
    fieldErrors.value = {};
    formError.value = null;
    savedOnce.value = false;
    secretStorage.value = 'keychain';
    tenant.value = '';
    clearTypedSecrets();
    secrets.dismissOffer();
  }

  function openNew(kind: ConnectionKind = 'sentinelone'): void {
    editingId.value = null;
    reset(emptyDraft(kind));
    open.value = true;
    void secrets.checkKeychain();
    if (kind === 'sentinelone') void resetRateLimits();
  }

  /** SentinelOne's per-endpoint limits (main's table), in place of whatever the table holds. */
  async function resetRateLimits(): Promise<void> {
    try {
      const { rateLimits } = await api.call('connections:presets', { tenant: '' });
      draft.rateLimits = rateLimits.map((rule) => newRateLimitRow(rule));
    } catch (err) {
      showError(err, 'Could not load the default rate limits');
    }
  }

  function openEdit(summary: ConnectionSummary): void {
    if (!summary.config) {
      showError(`“${summary.name}” is built in and cannot be edited; duplicate it instead.`);
      return;
    }
    editingId.value = summary.id;
    reset(draftFromConfig(summary.config));
    open.value = true;
    void secrets.checkKeychain();
  }

  function close(): void {
    open.value = false;
    clearTypedSecrets();
    secrets.dismissOffer();
  }

  /** A kind change keeps the scheme only if the new kind offers it. */
  function setKind(kind: ConnectionKind): void {
    const wasSentinelOne = draft.kind === 'sentinelone';
    draft.kind = kind;
    if (kind === 'sentinelone' && !wasSentinelOne && draft.rateLimits.length === 0) {
      void resetRateLimits();
    }
    if (!AUTH_SCHEMES[kind].includes(draft.auth.scheme)) draft.auth.scheme = AUTH_SCHEMES[kind][0]!;
  }

  function setFieldError(path: string, message: string | null): void {
    const next = { ...fieldErrors.value };
    if (message) next[path] = message;
    else delete next[path];
    fieldErrors.value = next;
  }

  /** SentinelOne's tenant helper: main turns `acme` into the tenant's API base URL. */
  async function applyTenant(): Promise<void> {
    const name = tenant.value.trim();
    if (name === '') {
      setFieldError('tenant', 'Type the tenant name, e.g. acme for acme.sentinelone.net');
      return;
    }
    presetBusy.value = true;
    try {
      const { baseUrl } = await api.call('connections:presets', { tenant: name });
      draft.baseUrl = baseUrl;
      setFieldError('tenant', null);
      setFieldError('baseUrl', null);
    } catch (err) {
      const error = toApiError(err).toShape();
      setFieldError('tenant', fieldErrorsFrom(error).tenant ?? error.message);
    } finally {
      presetBusy.value = false;
    }
  }

  /** The native open-file dialog (Electron only); null when cancelled or unavailable. */
  async function pickFile(purpose: FilePurpose): Promise<string | null> {
    try {
      return (await api.call('app:pick-file', { purpose })).path;
    } catch (err) {
      showError(err, 'Could not open the file dialog');
      return null;
    }
  }

  function typedSecrets(): { kind: SecretKindName; value: string }[] {
    const items: { kind: SecretKindName; value: string }[] = [];
    if (secretKind.value && secretValue.value !== '') {
      items.push({ kind: secretKind.value, value: secretValue.value });
    }
    if (draft.tls.clientCert !== 'none' && passphraseValue.value !== '') {
      items.push({ kind: 'passphrase', value: passphraseValue.value });
    }
    return items;
  }

  /** Right after the connection is saved: each typed value goes to main once, then is gone. */
  async function sendTypedSecrets(connectionId: string): Promise<void> {
    const items = typedSecrets();
    clearTypedSecrets();
    for (const { kind, value } of items) {
      const outcome = await secrets.store(connectionId, kind, value, secretStorage.value);
      if (outcome.status === 'failed') {
        formError.value = {
          ...outcome.error,
          message: `The connection was saved, but the ${SECRET_LABELS[kind].toLowerCase()} was not stored: ${outcome.error.message} Type it again and save.`,
        };
      }
    }
  }

  async function save(): Promise<boolean> {
    if (saving.value) return false;
    formError.value = null;
    fieldErrors.value = localFieldErrors(draft);
    if (Object.keys(fieldErrors.value).length > 0) {
      formError.value = { code: 'invalid_connection', message: 'Fix the highlighted fields.' };
      return false;
    }
    saving.value = true;
    try {
      const config = configFromDraft(draft);
      let summary: ConnectionSummary;
      try {
        summary = editingId.value
          ? await connections.update(editingId.value, config)
          : await connections.create(config);
      } catch (err) {
        const error = toApiError(err).toShape();
        fieldErrors.value = fieldErrorsFrom(error);
        formError.value = error;
        return false;
      }
      editingId.value = summary.id;
      // Main's normalised config (trimmed URL, the vendor's default rate limits) replaces ours.
      if (summary.config) Object.assign(draft, draftFromConfig(summary.config));
      await sendTypedSecrets(summary.id);
      savedOnce.value = true;
      showSuccess(`Saved “${summary.name}”.`);
      return true;
    } finally {
      saving.value = false;
    }
  }

  return {
    open,
    editingId,
    editing,
    draft,
    fieldErrors,
    formError,
    saving,
    savedOnce,
    secretValue,
    passphraseValue,
    secretStorage,
    secretKind,
    tenant,
    presetBusy,
    openNew,
    openEdit,
    close,
    setKind,
    resetRateLimits,
    pickFile,
    setFieldError,
    applyTenant,
    save,
  };
});
