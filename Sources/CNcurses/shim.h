// What Swift cannot import from <curses.h> directly: macros, variadics and globals that Swift 6 rejects as
// not concurrency-safe. Each wrapper is static inline, so no separate C target is needed.
#ifndef GUEST_TIERS_NCURSES_SHIM_H
#define GUEST_TIERS_NCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *gt_stdscr(void) { return stdscr; }
static inline int gt_lines(void) { return LINES; }
static inline int gt_cols(void) { return COLS; }
static inline int gt_colors(void) { return COLORS; }
static inline int gt_key_f(int n) { return KEY_F(n); }
static inline int gt_true(void) { return TRUE; }
static inline attr_t gt_a_bold(void) { return A_BOLD; }
static inline attr_t gt_a_reverse(void) { return A_REVERSE; }
static inline attr_t gt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t gt_a_dim(void) { return A_DIM; }
static inline mmask_t gt_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t gt_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t gt_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t gt_button4_pressed(void) { return BUTTON4_PRESSED; }
#if defined(BUTTON5_PRESSED)
static inline mmask_t gt_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t gt_button5_pressed(void) { return 0; }
#endif

/// Writes one wide string with the given attributes and colour pair at (y, x).
static inline int gt_put(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    attr_set(attrs, pair, NULL);
    return mvaddwstr(y, x, text);
}

static inline const char *gt_codeset(void) { return nl_langinfo(CODESET); }
#endif
