import CNcurses
import TierView

/// Paints Frames onto stdscr, writing only the cells that changed since the previous Frame, and each run of
/// same-role cells with one call. Colour pairs are allocated lazily, one per distinct (foreground, background).
final class Painter {
    let theme: Theme
    private let useColor: Bool
    private let defaultColors: Bool
    private let maxPairs: Int
    private var previous: Frame?
    private var styles: [Role: (attrs: attr_t, pair: Int32)] = [:]
    private var pairs: [Pair: Int32] = [:]

    private struct Pair: Hashable { var foreground: Int32; var background: Int32 }

    init(theme: Theme, useColor: Bool, defaultColors: Bool, maxPairs: Int) {
        self.theme = theme
        self.useColor = useColor
        self.defaultColors = defaultColors
        self.maxPairs = maxPairs
    }

    /// Forgets what is on screen (after a resize): the next paint clears the terminal and writes every cell.
    /// A terminal that grows may show its old lines again (tmux and xterm do), which neither this painter nor
    /// ncurses' idea of the screen knows about, so the clear is real, not just a diff.
    func invalidate() {
        previous = nil
        needsClear = true
    }

    private var needsClear = false

    /// The attributes and colour pair for a role.
    func style(_ role: Role) -> (attrs: attr_t, pair: Int32) {
        if let cached = styles[role] { return cached }
        let a = theme.attributes(role)
        var attrs: attr_t = 0
        if a.bold { attrs |= gt_a_bold() }
        if a.underline { attrs |= gt_a_underline() }
        if a.reverse { attrs |= gt_a_reverse() }
        if a.dim { attrs |= gt_a_dim() }
        var pair: Int32 = 0
        if useColor, a.foreground != nil || a.background != nil {
            pair = self.pair(foreground: a.foreground, background: a.background)
        }
        styles[role] = (attrs, pair)
        return (attrs, pair)
    }

    private func pair(foreground: Int?, background: Int?) -> Int32 {
        let fg = Int32(foreground ?? (defaultColors ? -1 : 7))
        let bg = Int32(background ?? (defaultColors ? -1 : 0))
        let key = Pair(foreground: fg, background: bg)
        if let number = pairs[key] { return number }
        let number = Int32(pairs.count + 1)
        guard number < maxPairs, number <= Int32(Int16.max), init_pair(Int16(number), Int16(fg), Int16(bg)) == OK else {
            pairs[key] = 0
            return 0
        }
        pairs[key] = number
        return number
    }

    /// Writes what differs from the previous Frame and refreshes. Returns the number of cells written.
    @discardableResult
    func paint(_ frame: Frame) -> Int {
        if let old = previous, old.width != frame.width || old.height != frame.height { previous = nil }
        if previous == nil { erase() }
        if needsClear {
            clearok(gt_stdscr(), true)
            needsClear = false
        }
        var written = 0
        var buffer: [wchar_t] = []
        buffer.reserveCapacity(frame.width * 2 + 1)
        for y in 0..<frame.height {
            guard var (start, end) = changedRange(frame, row: y) else { continue }
            // Never start or stop in the middle of a wide character.
            while start > 0, frame[start, y].isContinuation { start -= 1 }
            while end + 1 < frame.width, frame[end + 1, y].isContinuation { end += 1 }
            var x = start
            while x <= end {
                let role = frame[x, y].role
                let runStart = x
                buffer.removeAll(keepingCapacity: true)
                while x <= end, frame[x, y].role == role {
                    let cell = frame[x, y]
                    if !cell.isContinuation {
                        let columns = x + 1 < frame.width && frame[x + 1, y].isContinuation ? 2 : 1
                        append(cell.text, columns: columns, to: &buffer)
                    }
                    x += 1
                }
                let (attrs, pair) = style(role)
                _ = gt_attrset(attrs, pair)
                let count = Int32(buffer.count)
                buffer.append(0)
                // Writing the bottom-right cell returns ERR (the cursor cannot advance) but the cell is written.
                _ = buffer.withUnsafeBufferPointer { gt_put_n(Int32(y), Int32(runStart), $0.baseAddress, count) }
                written += x - runStart
            }
        }
        _ = gt_attrset(0, 0)
        refresh()
        previous = frame
        return written
    }

    /// The first and last cell of row `y` that differ from the previous Frame. Compared in place (every row of
    /// every frame is compared, and copying each cell out would retain and release its text).
    private func changedRange(_ frame: Frame, row y: Int) -> (Int, Int)? {
        guard let old = previous else { return (0, frame.width - 1) }
        let width = frame.width, row = y * width
        return frame.cells.withUnsafeBufferPointer { now in
            old.cells.withUnsafeBufferPointer { was in
                var first = -1, last = -1
                for x in 0..<width where now[row + x] != was[row + x] {
                    if first < 0 { first = x }
                    last = x
                }
                return first < 0 ? nil : (first, last)
            }
        }
    }

    /// Appends a cell's characters, or a same-width stand-in when the C library measures them differently from
    /// the Frame (or cannot print them in this locale): a disagreement would shift the rest of the row.
    private func append(_ text: String, columns: Int, to buffer: inout [wchar_t]) {
        let scalars = text.unicodeScalars
        if let first = scalars.first, first.isASCII, scalars.count == 1 {
            buffer.append(wchar_t(first.value))
            return
        }
        var width = 0
        var printable = !scalars.isEmpty
        for (i, scalar) in scalars.enumerated() {
            let w = Int(gt_wcwidth(scalar.value))
            if w < 0 { printable = false; break }
            if i == 0 { width = w } else if w != 0, scalar.value != 0xFE0F { printable = false; break }
        }
        if printable, width == columns {
            for scalar in scalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
        } else if printable, width == 1, columns == 2 {
            for scalar in scalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
            buffer.append(32)
        } else {
            for _ in 0..<columns { buffer.append(wchar_t(63)) }   // "?"
        }
    }
}
