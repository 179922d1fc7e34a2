import NetCore

/// Address parsing for files that do not otherwise need NetCore.
enum NetCoreBridge {
    static func parse(_ s: String) -> IPAddress? { IPAddress(s) }
}
