import CNcurses
import TierView

/// Turns what `wget_wch` returns into a `Key`. Pure apart from `getmouse`, which only the caller's
/// KEY_MOUSE path reaches.
enum KeyDecoder {
    /// What one `wget_wch` call produced.
    enum Input: Equatable {
        case key(Key)
        case resize
        case mouse
        case ignored
    }

    /// `status` is wget_wch's return value (OK, KEY_CODE_YES or ERR); `value` the character or key code.
    static func decode(status: Int32, value: UInt32) -> Input {
        if status == KEY_CODE_YES {
            return decodeFunctionKey(Int32(bitPattern: value))
        }
        guard status == OK else { return .ignored }
        switch value {
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 27: return .key(.escape)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(value) + 96))))
        case 0, 28...31: return .ignored
        default:
            guard let scalar = Unicode.Scalar(value) else { return .ignored }
            return .key(.char(Character(scalar)))
        }
    }

    static func decodeFunctionKey(_ code: Int32) -> Input {
        switch code {
        case KEY_RESIZE: return .resize
        case KEY_MOUSE: return .mouse
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME, KEY_A1: return .key(.home)
        case KEY_END, KEY_C1, KEY_LL: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        default:
            for n in 1...12 where code == gt_key_f(Int32(n)) { return .key(.function(n)) }
            return .ignored
        }
    }

    /// Reads the pending mouse event: button 1 press → click, buttons 4/5 → wheel.
    static func readMouse() -> Key? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let state = event.bstate
        if state & gt_button4_pressed() != 0 { return .wheelUp }
        let wheelDown = gt_button5_pressed()
        if wheelDown != 0, state & wheelDown != 0 { return .wheelDown }
        if state & (gt_button1_pressed() | gt_button1_clicked()) != 0 {
            return .click(x: Int(event.x), y: Int(event.y))
        }
        return nil
    }
}
