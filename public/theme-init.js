// Applies the saved or system theme before first paint, so a dark page never flashes light.
try {
  const saved = localStorage.getItem('theme');
  const dark = saved ? saved === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.classList.toggle('dark', dark);
} catch {
  /* storage unavailable: follow the default */
}
