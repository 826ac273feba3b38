/** The agent's settings and session: connection, identity, language, theme, sync interval. */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { InputOf, OutputOf, Settings } from '../../../shared/contract/contract'
import { DEFAULT_SERVER_TIME_ZONE } from '../../../shared/domain/server-time'
import { useClient } from '../composables/use-client'

/** What the screens may change: the contract's own input of settings:update. */
type SettingsPatch = InputOf<'settings:update'>

export const useSettingsStore = defineStore('settings', () => {
  const api = useClient()
  const settings = ref<Settings | null>(null)
  const appInfo = ref<OutputOf<'app:info'> | null>(null)
  const loaded = ref(false)
  /** Why the settings could not be read (e.g. the browser host refused this page), if so. */
  const loadError = ref<string | null>(null)

  const language = computed(() => settings.value?.language ?? 'zh-TW')
  const theme = computed(() => settings.value?.theme ?? 'system')
  const me = computed(() => settings.value?.me ?? null)
  const serverTimeZone = computed(() => settings.value?.serverTimeZone ?? DEFAULT_SERVER_TIME_ZONE)
  /** Desktop notifications for alerts: on unless the agent turned them off. */
  const notifications = computed(() => settings.value?.notifications !== false)
  const isConnected = computed(() => Boolean(settings.value?.apiUrl))
  const isReady = computed(() => isConnected.value && me.value !== null)

  let loading: Promise<void> | null = null
  /** Reads the settings; a call while one is on its way shares it (start-up asks before routing). */
  function load(): Promise<void> {
    loading ??= read().finally(() => (loading = null))
    return loading
  }

  async function read(): Promise<void> {
    try {
      const [s, info] = await Promise.all([
        api.call('settings:get'),
        api.call('app:info').catch(() => null),
      ])
      settings.value = s
      appInfo.value = info
      loaded.value = true
      loadError.value = null
    } catch (e) {
      loadError.value = (e as { code?: string } | null)?.code ?? 'internal'
      throw e
    }
  }

  async function update(patch: SettingsPatch): Promise<void> {
    settings.value = await api.call('settings:update', patch)
  }

  /** `allowInsecure`: the agent accepted http:// to another computer (the core refuses it otherwise). */
  async function testConnection(apiUrl: string, token?: string, allowInsecure = false) {
    return api.call('connection:test', { apiUrl, ...(token ? { token } : {}), allowInsecure })
  }

  async function connect(apiUrl: string, token?: string, allowInsecure = false): Promise<void> {
    settings.value = await api.call('connection:connect', {
      apiUrl,
      ...(token ? { token } : {}),
      allowInsecure,
    })
  }

  /** Opens the log folder (desktop); the answer says where the logs are. */
  async function openLogFolder() {
    return api.call('app:openLogFolder')
  }

  /** Refused (`edits_waiting`) while edits wait, unless the agent confirmed discarding them. */
  async function signOut(options: { discardEdits?: boolean } = {}): Promise<void> {
    settings.value = await api.call(
      'connection:signOut',
      options.discardEdits ? { discardEdits: true } : {},
    )
  }

  return {
    settings,
    appInfo,
    loaded,
    loadError,
    language,
    theme,
    me,
    serverTimeZone,
    notifications,
    isConnected,
    isReady,
    load,
    update,
    testConnection,
    connect,
    signOut,
    openLogFolder,
  }
})
