import Foundation
import KubewalkCLI

exit(KubewalkCommand.execute(Array(CommandLine.arguments.dropFirst())))
