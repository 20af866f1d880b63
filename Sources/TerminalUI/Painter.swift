import CNcurses
#if canImport(Glibc)
import Glibc
#endif
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
        let width = frame.width
        frame.cells.withUnsafeBufferPointer { cells in
            for y in 0..<frame.height {
                guard var (start, end) = changedRange(cells, width: width, row: y) else { continue }
                let row = y * width
                // Never start or stop in the middle of a wide character.
                while start > 0, cells[row + start].isContinuation { start -= 1 }
                while end + 1 < width, cells[row + end + 1].isContinuation { end += 1 }
                var x = start
                while x <= end {
                    let role = cells[row + x].role
                    let runStart = x
                    buffer.removeAll(keepingCapacity: true)
                    while x <= end, cells[row + x].role == role {
                        if !cells[row + x].isContinuation {
                            let columns = x + 1 < width && cells[row + x + 1].isContinuation ? 2 : 1
                            append(cells[row + x].text, columns: columns, to: &buffer)
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
        }
        _ = gt_attrset(0, 0)
        refresh()
        previous = frame
        return written
    }

    /// The first and last cell of row `y` that differ from the previous Frame. A row whose cells are the same
    /// bytes is the same (equal bytes are equal cells; the texts of equal cells are mostly the same bytes too:
    /// one shared string per ASCII byte, small strings inline), so only rows that differ are compared cell by
    /// cell, in place (copying each cell out would retain and release its text).
    private func changedRange(_ now: UnsafeBufferPointer<FrameCell>, width: Int, row y: Int) -> (Int, Int)? {
        guard let old = previous, width > 0 else { return (0, width - 1) }
        let row = y * width
        return old.cells.withUnsafeBufferPointer { was in
            if memcmp(now.baseAddress! + row, was.baseAddress! + row, width * MemoryLayout<FrameCell>.stride) == 0 { return nil }
            var first = -1, last = -1
            for x in 0..<width where now[row + x] != was[row + x] {
                if first < 0 { first = x }
                last = x
            }
            return first < 0 ? nil : (first, last)
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
