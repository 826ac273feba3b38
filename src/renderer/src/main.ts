/** Starts the renderer: pinia, i18n, router, then mounts the app. */
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { CLIENT_KEY } from './composables/use-client'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { appClient } from './services/transport'
import { BUILTIN_VIEWS, type BuiltinView } from '../../shared/domain/builtin-views'
import { useQueueStore } from './stores/queue'
import { useHubStore } from './stores/hub'
import { useOutboxStore } from './stores/outbox'
import { useSyncStore } from './stores/sync'
import '@fontsource-variable/noto-sans-tc'
import './styles.css'

const app = createApp(App)
app.provide(CLIENT_KEY, appClient())
app.use(createPinia())

// The queue's first page is what the agent waits for: ask for it now, while the router still
// loads the settings, rather than after the screen has mounted. (Unconfigured, it simply fails
// and the connect screen takes over.)
const opening =
  /^#\/queue\/(\w+)$/.exec(window.location.hash)?.[1] ??
  (/^#?\/?$/.test(window.location.hash) ? 'mine' : null)
if (opening && (BUILTIN_VIEWS as readonly string[]).includes(opening)) {
  void useQueueStore().askEarly(opening as BuiltinView)
}
app.use(createAppI18n())
app.use(createAppRouter())
void useSyncStore().start()
void useOutboxStore().start()
void useHubStore().start()
app.mount('#app')
