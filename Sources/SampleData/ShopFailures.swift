import XRayModel

/// The exceptions the shop's SDKs record, with stacks shaped like each runtime's, so the
/// details view and root-cause analysis have something real to show.
enum ShopFailures {
    private static func python(_ file: String, _ frames: [(Int, String)]) -> [StackFrame] {
        frames.map { StackFrame(path: "/app/\(file)", line: $0.0, label: $0.1) } + [
            StackFrame(
                path: "/usr/local/lib/python3.12/site-packages/aws_xray_sdk/core/models/subsegment.py", line: 57,
                label: "__call__"),
            StackFrame(
                path: "/usr/local/lib/python3.12/site-packages/flask/app.py", line: 880, label: "full_dispatch_request"),
        ]
    }

    private static func java(_ frames: [(String, Int, String)]) -> [StackFrame] {
        frames.map { StackFrame(path: $0.0, line: $0.1, label: $0.2) } + [
            StackFrame(
                path: "FrameworkServlet.java", line: 1014,
                label: "org.springframework.web.servlet.FrameworkServlet.processRequest"),
            StackFrame(
                path: "AWSXRayServletFilter.java", line: 166,
                label: "com.amazonaws.xray.javax.servlet.AWSXRayServletFilter.doFilter"),
        ]
    }

    static let conditionalCheckFailed = Failure(
        type: "ConditionalCheckFailedException", message: "The conditional request failed", remote: true,
        workingDirectory: "/opt/cart",
        stack: java([
            ("CartRepository.java", 88, "com.example.cart.CartRepository.addItem"),
            ("CartController.java", 41, "com.example.cart.CartController.add"),
        ]))

    static let slowDown = Failure(
        type: "SdkClientException",
        message: "Please reduce your request rate. (Service: S3, Status Code: 503, Error Code: SlowDown)",
        remote: true, workingDirectory: "/opt/orders",
        stack: java([
            ("ReceiptStore.java", 57, "com.example.orders.ReceiptStore.put"),
            ("OrderService.java", 112, "com.example.orders.OrderService.create"),
        ]))

    static let deadlock = Failure(
        type: "*pgconn.PgError", message: "ERROR: deadlock detected (SQLSTATE 40P01)",
        workingDirectory: "/srv/inventory",
        paths: ["/srv/inventory/reserve.go"],
        stack: [
            StackFrame(path: "/srv/inventory/reserve.go", line: 73, label: "(*Store).Reserve"),
            StackFrame(path: "/srv/inventory/handlers.go", line: 41, label: "reserveHandler"),
            StackFrame(path: "/usr/local/go/src/net/http/server.go", line: 2136, label: "HandlerFunc.ServeHTTP"),
        ])

    static let outOfStock = Failure(
        type: "*inventory.OutOfStockError", message: "insufficient stock for 1 of the requested items",
        workingDirectory: "/srv/inventory",
        stack: [StackFrame(path: "/srv/inventory/reserve.go", line: 58, label: "(*Store).Reserve")])

    static func payment(_ status: Int) -> Failure {
        let (type, message): (String, String)
        switch status {
        case 402: (type, message) = ("stripe.error.CardError", "Your card was declined.")
        case 429: (type, message) = ("stripe.error.RateLimitError", "Too many requests made to the API too quickly")
        default:
            (type, message) = (
                "stripe.error.APIConnectionError", "Unexpected error communicating with Stripe (HTTP \(status))"
            )
        }
        return Failure(
            type: type, message: message, remote: true, workingDirectory: "/var/task",
            paths: ["/var/task/handler.py"],
            stack: [
                StackFrame(path: "/var/task/handler.py", line: 44, label: "charge"),
                StackFrame(path: "/var/task/handler.py", line: 19, label: "lambda_handler"),
            ])
    }

    static func remote(status: Int, url: String) -> Failure {
        Failure(
            type: "HTTPError", message: "\(status) Server Error for url: \(url)", remote: true,
            workingDirectory: "/app", stack: python("client.py", [(31, "post_json")]))
    }

    static let missingProduct = Failure(
        type: "NotFound", message: "404 Not Found: no such product", workingDirectory: "/app",
        stack: python("catalog/views.py", [(63, "product_detail")]))
}
