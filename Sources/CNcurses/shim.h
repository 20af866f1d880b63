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
static inline attr_t gt_a_bold(void) { return A_BOLD; }
static inline attr_t gt_a_reverse(void) { return A_REVERSE; }
static inline attr_t gt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t gt_a_dim(void) { return A_DIM; }
static inline mmask_t gt_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t gt_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t gt_button4_pressed(void) { return BUTTON4_PRESSED; }
#if defined(BUTTON5_PRESSED)
static inline mmask_t gt_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t gt_button5_pressed(void) { return 0; }
#endif

// ---- Added for the TerminalUI backend -------------------------------------------------------------------------
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static inline int gt_color_pairs(void) { return COLOR_PAIRS; }

/// newterm on the process's own stdout/stdin: returns NULL (instead of exiting like initscr) for an unknown TERM.
static inline SCREEN *gt_newterm(void) { return newterm(NULL, stdout, stdin); }

static inline int gt_attrset(attr_t attrs, int pair) { return attr_set(attrs, (short)pair, NULL); }
/// Writes at most n wide characters at (y, x) with the current attributes.
static inline int gt_put_n(int y, int x, const wchar_t *text, int n) { return mvaddnwstr(y, x, text, n); }

static inline int gt_is_utf8(void) {
    const char *c = nl_langinfo(CODESET);
    return c != NULL && (strcmp(c, "UTF-8") == 0 || strcmp(c, "utf8") == 0 || strcmp(c, "UTF8") == 0);
}

static inline int gt_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

static inline int gt_write_stderr(const char *text) {
    size_t n = strlen(text);
    return (int)write(2, text, n);
}

// ---- Signals -------------------------------------------------------------------------------------------------
// The state lives in function-local statics (Swift's Clang importer emits the inline functions that use them, but
// not file-scope variables). Each object file gets its own copy: call these from ONE Swift file only
// (TerminalUI/Signals.swift).
static inline volatile sig_atomic_t *gt_signal_slot(void) { static volatile sig_atomic_t caught = 0; return &caught; }
static inline volatile sig_atomic_t *gt_curses_slot(void) { static volatile sig_atomic_t active = 0; return &active; }
static inline struct sigaction *gt_previous_actions(void) { static struct sigaction saved[65]; return saved; }
#define gt_signal_caught (*gt_signal_slot())
#define gt_curses_active (*gt_curses_slot())

static inline int gt_take_signal(void) { int s = gt_signal_caught; gt_signal_caught = 0; return s; }
static inline int gt_peek_signal(void) { return gt_signal_caught; }
static inline void gt_set_curses_active(int on) { gt_curses_active = on; }

static void gt_on_quit_signal(int sig) { gt_signal_caught = sig; }

/// A fatal signal (a crash, or a Swift runtime trap: ud2 gives SIGILL, brk/ud1 SIGTRAP): put the terminal back,
/// let the previous handler run (the Swift runtime's backtracer prints its report), then die of the signal with
/// the default action, even when it was sent with kill() and the previous handler simply returned.
static void gt_on_fatal_signal(int sig, siginfo_t *info, void *context) {
    if (gt_curses_active) {
        gt_curses_active = 0;
        endwin();
    }
    struct sigaction previous = gt_previous_actions()[sig > 0 && sig < 65 ? sig : 0];
    if (sig > 0 && sig < 65) {
        if (previous.sa_flags & SA_SIGINFO) {
            if (previous.sa_sigaction != NULL) previous.sa_sigaction(sig, info, context);
        } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN && previous.sa_handler != NULL) {
            previous.sa_handler(sig);
        }
    }
    signal(sig, SIG_DFL);
    raise(sig);   // blocked until this handler returns, then the default action ends the process
}

static inline void gt_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = gt_on_quit_signal;
    sa.sa_flags = 0;   // no SA_RESTART: a blocked read returns, though timeout() polls anyway
    // Every signal whose default action ends the process, other than the crash signals below: ending the loop
    // puts the terminal back. SIGQUIT (Ctrl-\\) would otherwise start Swift's backtracer over the screen;
    // SIGPIPE, SIGUSR1/2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ would leave it raw.
    int quit[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ };
    enum { quitCount = sizeof quit / sizeof quit[0] };
    for (int i = 0; i < quitCount; i++) sigaction(quit[i], &sa, &gt_previous_actions()[quit[i]]);
    sa.sa_sigaction = gt_on_fatal_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK;
    int fatal[] = { SIGSEGV, SIGABRT, SIGILL, SIGTRAP, SIGBUS, SIGFPE };
    for (int i = 0; i < 6; i++) sigaction(fatal[i], &sa, &gt_previous_actions()[fatal[i]]);
    // Make sure none of them is blocked in this thread (a parent may have passed a blocked mask on).
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < quitCount; i++) sigaddset(&set, quit[i]);
    for (int i = 0; i < 6; i++) sigaddset(&set, fatal[i]);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/// Puts back what was there before `gt_install_signal_handlers`.
static inline void gt_restore_signal_handlers(void) {
    int all[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ,
                  SIGSEGV, SIGABRT, SIGILL, SIGTRAP, SIGBUS, SIGFPE };
    for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++) sigaction(all[i], &gt_previous_actions()[all[i]], NULL);
}

#endif
