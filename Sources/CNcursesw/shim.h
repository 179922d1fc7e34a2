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
#endif
