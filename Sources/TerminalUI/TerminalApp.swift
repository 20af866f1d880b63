import CNcurses
import TierView
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ncurses backend: the only code in guest-tiers that touches the terminal.
public enum TerminalApp {
    /// Runs the interactive explorer; returns the process exit code (0 on q, 130 on Ctrl-C/SIGINT, 128+n on
    /// SIGTERM/SIGHUP/SIGQUIT/SIGPIPE/SIGUSR1/SIGALRM …, 2 when there is no usable terminal).
    public static func run(initial: AppState,
                           makeContext: (Glyphs) -> ExplorerContext,
                           forceASCII: Bool, noColor: Bool,
                           saveScreenshot: @escaping (Frame, Theme) -> String) -> Int32 {
        // Not a terminal: with stdin/stdout redirected ncurses would not fail but write escapes and spin.
        guard isatty(0) == 1, isatty(1) == 1 else {
            _ = gt_write_stderr("guest-tiers: no terminal here; use 'guest-tiers render' for output without a terminal\n")
            return 2
        }
        // TERM=dumb (or none) has no cursor addressing: ncurses would start and draw nothing usable.
        let termName = getenv("TERM").map { String(cString: $0) } ?? ""
        if termName.isEmpty || termName == "dumb" {
            _ = gt_write_stderr("guest-tiers: the terminal type '\(DisplayText.sanitize(termName))' (TERM) cannot show the explorer; use 'guest-tiers render' for output without a terminal\n")
            return 2
        }
        setlocale(LC_ALL, "")
        let glyphs = forceASCII || gt_is_utf8() == 0 ? Glyphs.plain : Glyphs.unicode
        let context = makeContext(glyphs)
        fflush(nil)

        Signals.install()
        // newterm rather than initscr: an unknown TERM returns NULL here instead of exiting inside the library.
        guard let screen = gt_newterm() else {
            Signals.restore()
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            _ = gt_write_stderr("guest-tiers: cannot use terminal type '\(DisplayText.sanitize(term))' (TERM); use 'guest-tiers render' for output without a terminal\n")
            return 2
        }
        Signals.setCursesActive(true)
        // ncurses 6.4 (Debian 12) flushes its output after every cursor movement until the screen has once been
        // suspended and resumed, which split one frame into dozens of write(2) calls (each a separate read for
        // the terminal). One endwin + refresh before the first paint ends that: from then on a frame is one write.
        endwin()
        refresh()
        let painter = setUp(noColor: noColor)
        let window = gt_stdscr()

        var session = Session(context: context, painter: painter, state: initial, saveScreenshot: saveScreenshot)
        session.replay.apply(.resize(currentSize()))
        session.paint()

        var exitCode: Int32 = 0
        loop: while true {
            let signal = Signals.take()
            if signal != 0 {
                exitCode = 128 + signal
                break
            }
            var value: wint_t = 0
            var status = wget_wch(window, &value)
            if status == ERR { continue }   // the 100 ms timeout: poll the signal flag again
            // Take everything already typed before painting once (key repeat, pasted scripts).
            wtimeout(window, 0)
            while status != ERR {
                session.handle(KeyDecoder.decode(status: status, value: UInt32(value)))
                if session.replay.quit || Signals.pending() { break }
                status = wget_wch(window, &value)
            }
            wtimeout(window, 100)
            if session.replay.quit { break loop }
            if Signals.pending() { continue }
            session.paint()
        }

        Signals.setCursesActive(false)
        endwin()
        delscreen(screen)
        Signals.restore()
        return exitCode
    }

    private static func setUp(noColor: Bool) -> Painter {
        cbreak()          // Ctrl-C still raises SIGINT
        noecho()
        nonl()
        let window = gt_stdscr()
        keypad(window, true)
        intrflush(window, false)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(25)
        wtimeout(window, 100)
        var colors = 0
        var defaultColors = false
        if !noColor, has_colors() {
            start_color()
            defaultColors = use_default_colors() == OK
            colors = Int(gt_colors())
        }
        // Clicks and the wheel only; no motion reports. mouseinterval(0): a press arrives at once.
        mouseinterval(0)
        _ = mousemask(gt_button1_pressed() | gt_button4_pressed() | gt_button5_pressed(), nil)
        let theme = Theme.pick(colors: colors, noColor: noColor)
        return Painter(theme: theme, useColor: theme.depth != .monochrome, defaultColors: defaultColors,
                       maxPairs: Int(gt_color_pairs()))
    }

    static func currentSize() -> ScreenSize {
        ScreenSize(width: Int(gt_cols()), height: Int(gt_lines()))
    }
}

/// The explorer's key replay plus what the loop needs to advance it: the painter, and `s` saving the screen as
/// painted (the theme the terminal chose).
struct Session {
    let painter: Painter
    var replay: KeyReplay

    init(context: ExplorerContext, painter: Painter, state: AppState, saveScreenshot: @escaping (Frame, Theme) -> String) {
        self.painter = painter
        replay = KeyReplay(state, context: context) { state in
            saveScreenshot(ExplorerView.frame(state, context), painter.theme)
        }
    }

    mutating func handle(_ input: KeyDecoder.Input) {
        switch input {
        case let .key(key):
            replay.press(key)
        case .mouse:
            if let key = KeyDecoder.readMouse() { replay.press(key) }
        case .resize:
            painter.invalidate()
            replay.apply(.resize(TerminalApp.currentSize()))
        case .ignored:
            break
        }
    }

    func paint() {
        painter.paint(ExplorerView.frame(replay.state, replay.context))
    }
}
