import XRayModel

/// Exceptions as the X-Ray SDK for Go records them: the error's dynamic type, its message,
/// and frames from the handler down through `net/http`.
enum GoFailure {
    static let workingDirectory = "/go/src/app"

    private static func frames(_ top: [StackFrame]) -> [StackFrame] {
        top + [
            StackFrame(path: "github.com/aws/aws-xray-sdk-go/xray/handler.go", line: 127, label: "Handler.func1"),
            StackFrame(path: "/usr/local/go/src/net/http/server.go", line: 2136, label: "HandlerFunc.ServeHTTP"),
            StackFrame(path: "/usr/local/go/src/net/http/server.go", line: 3137, label: "serverHandler.ServeHTTP"),
        ]
    }

    static func backFault(_ status: Int, _ random: inout SeededRandom) -> Failure {
        let (type, message): (String, String) =
            status == 503
            ? ("*errors.errorString", "service unavailable: shutting down")
            : random.pick([
                ("*errors.errorString", "message generator failed"),
                ("runtime.boundsError", "runtime error: index out of range [6] with length 6"),
                ("*net.OpError", "dial tcp 10.100.71.12:6379: connect: connection refused"),
            ])
        return Failure(
            type: type, message: message, workingDirectory: workingDirectory, paths: ["/go/src/app/main.go"],
            stack: frames([
                StackFrame(path: "/go/src/app/main.go", line: 58, label: "generateMessage"),
                StackFrame(path: "/go/src/app/main.go", line: 31, label: "main.func1"),
            ]))
    }

    static func remote(_ message: String) -> Failure {
        Failure(
            type: "*errors.errorString", message: message, remote: true, workingDirectory: workingDirectory,
            stack: [
                StackFrame(
                    path: "github.com/aws/aws-xray-sdk-go/xray/client.go", line: 89, label: "roundTripper.RoundTrip")
            ])
    }

    static func badGateway(_ status: Int) -> Failure {
        Failure(
            type: "*errors.errorString", message: "bad gateway: back-end answered \(status)",
            workingDirectory: workingDirectory, paths: ["/go/src/app/main.go"],
            stack: frames([StackFrame(path: "/go/src/app/main.go", line: 74, label: "callBackend")]))
    }

    static let frontPanic = Failure(
        type: "*template.ExecError",
        message: "template: index:12:9: executing \"index\" at <.Message>: can't evaluate field Message",
        workingDirectory: workingDirectory, paths: ["/go/src/app/main.go"],
        stack: frames([StackFrame(path: "/go/src/app/main.go", line: 92, label: "render")]))
}
