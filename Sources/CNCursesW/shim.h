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

// Attributes and mouse masks are built with function-like macros Swift cannot import.
static inline attr_t xr_attr_bold(void) { return A_BOLD; }
static inline attr_t xr_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t xr_attr_reverse(void) { return A_REVERSE; }
static inline attr_t xr_attr_dim(void) { return A_DIM; }
static inline mmask_t xr_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t xr_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t xr_button4_pressed(void) { return BUTTON4_PRESSED; }
#ifdef BUTTON5_PRESSED
static inline mmask_t xr_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
// Mouse protocol version 1 (older ncurses) has no fifth button: wheel-down is never reported.
static inline mmask_t xr_button5_pressed(void) { return 0; }
#endif

// COLORS and COLOR_PAIRS are globals that start_color sets; stdin and stdout are globals too.
static inline int xr_colors(void) { return COLORS; }
static inline int xr_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *xr_stdin(void) { return stdin; }
static inline FILE *xr_stdout(void) { return stdout; }

// ncurses measures characters with wcwidth; <wchar.h> declares it only under _XOPEN_SOURCE,
// which this header must not force on everything that includes it.
int wcwidth(wchar_t c);
static inline int xr_wcwidth(wchar_t c) { return wcwidth(c); }
#endif
