import 'element-plus/theme-chalk/base.css';
import './styles/main.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { currentLocale, i18n, setLocale } from './locales';
import { router } from './router';

setLocale(currentLocale());

// Pinia first: the router's guard uses the session store on the first navigation.
createApp(App).use(createPinia()).use(i18n).use(router).mount('#app');
