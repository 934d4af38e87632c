#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// Wide-character API (add_wch, get_wch, cchar_t) needs this before the header.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>

// stdscr, COLS, LINES and COLOR_PAIR are globals or macros; Swift 6 rejects shared mutable
// globals, so they are read through these accessors.
static inline WINDOW *xr_stdscr(void) { return stdscr; }
static inline int xr_cols(void) { return COLS; }
static inline int xr_lines(void) { return LINES; }
static inline int xr_color_pair(int n) { return (int)COLOR_PAIR(n); }
#endif
