#ifndef KUBEWALK_CNCURSESW_SHIM_H
#define KUBEWALK_CNCURSESW_SHIM_H
/* NCURSES_WIDECHAR must come before curses.h, or cchar_t/setcchar/get_wch vanish
   (reference/swift-ncurses.md, pitfall 2). */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static inline unsigned sh_a_bold(void)      { return A_BOLD; }
static inline unsigned sh_a_reverse(void)   { return A_REVERSE; }
static inline unsigned sh_a_underline(void) { return A_UNDERLINE; }
static inline unsigned sh_a_dim(void)       { return A_DIM; }
static inline WINDOW  *sh_stdscr(void)      { return stdscr; }
static inline int      sh_lines(void)       { return LINES; }
static inline int      sh_cols(void)        { return COLS; }
static inline void     sh_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
static inline int      sh_key_f(int n)      { return KEY_F(n); }
static inline mmask_t  sh_button1_pressed(void)  { return BUTTON1_PRESSED; }
static inline mmask_t  sh_button1_clicked(void)  { return BUTTON1_CLICKED; }
static inline mmask_t  sh_button4_pressed(void)  { return BUTTON4_PRESSED; }
static inline mmask_t  sh_button5_pressed(void)  { return BUTTON5_PRESSED; }
static inline mmask_t  sh_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline int      sh_colors(void)      { return COLORS; }
static inline int      sh_color_pairs(void) { return COLOR_PAIRS; }
static inline WINDOW  *sh_curscr(void)      { return curscr; }
static inline mmask_t  sh_button1_released(void) { return BUTTON1_RELEASED; }

/* Installs `handler` for `sig` with sigaction and *without* SA_RESTART, so a blocking
   read in get_wch returns (EINTR) and the loop sees the flag the handler set. */
static inline int sh_install_handler(int sig, void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    return sigaction(sig, &sa, NULL);
}
/* Restores the default action for `sig` (the crash guard does this before re-raising). */
static inline int sh_default_handler(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}
#endif
