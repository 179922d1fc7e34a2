import ArgumentParser

public struct KubewalkCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "kubewalk")
    public init() {}
    public func run() async throws { print("kubewalk") }
}
