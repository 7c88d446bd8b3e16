import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
// Fonts ship with the app: the console must look the same with no network.
import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import '@fontsource/jetbrains-mono/400.css';
import './styles.css';
import './reference/markdown.css';

createApp(App).use(createPinia()).mount('#app');
