import XRayModel

/// `web-gateway`, the entry service: it authenticates, rate-limits and routes each request to
/// the service behind it, passing failures on.
extension ShopScenario {
    mutating func gateway(at start: Int64) {
        let route = ShopRoute.draw(&random)
        let sku = "SKU-\(random.int(10_000...99_999))"
        let category = random.pick(ShopRoute.categories)
        let path: String
        switch route {
        case .browse: path = "/products?category=\(category)"
        case .product: path = "/products/\(sku)"
        default: path = route.template
        }
        let clientIP = random.pick(Traffic.clientIPs)
        let gateway = services.gateway
        var segment = begin(
            gateway, parentID: nil, start: start,
            request: HTTPInfo.Request(
                method: route.method, url: "https://shop.example.com\(path)",
                userAgent: random.pick(Traffic.userAgents), clientIP: clientIP, xForwardedFor: true))
        let user: String? = route == .browse && random.chance(0.5) ? nil : random.pick(Traffic.users)
        segment.document.user = user
        segment.document.annotations = [
            "route": .string(route.template),
            "authenticated": .bool(user != nil),
        ]
        segment.work(random.millis(median: 1.2, min: 0.2, max: 8))

        let status: Int
        if random.chance(0.01) {
            // The gateway's own rate limit: nothing behind it is called.
            status = 429
            segment.document.annotations["rate_limited"] = .bool(true)
        } else {
            status = forward(route, path: path, sku: sku, category: category, user: user, in: &segment)
        }
        segment.work(random.millis(median: 0.6, min: 0.1, max: 5))
        segment.document.metadata = [
            "default": .object([
                "request_path": .string(path),
                "edge_location": .string(random.pick(["ICN54-C1", "ICN57-P2", "NRT20-C3"])),
            ])
        ]
        finish(segment, status: status)
    }

    private mutating func forward(
        _ route: ShopRoute, path: String, sku: String, category: String, user: String?, in segment: inout SpanDraft
    ) -> Int {
        let gateway = services.gateway
        let answer: Int
        switch route {
        case .browse:
            answer = call(services.catalog, "GET", path, from: gateway, in: &segment) {
                $0.listProducts(category: category, in: &$1)
            }
        case .product:
            answer = call(services.catalog, "GET", path, from: gateway, in: &segment) {
                $0.productDetail(sku: sku, in: &$1)
            }
        case .viewCart:
            answer = call(services.cart, "GET", "/carts/me", from: gateway, in: &segment) {
                $0.viewCart(in: &$1)
            }
        case .addToCart:
            answer = call(services.cart, "POST", "/carts/me/items", from: gateway, in: &segment) {
                $0.addToCart(sku: sku, in: &$1)
            }
        case .checkout, .bulkCheckout:
            let items = route == .bulkCheckout ? random.int(50...95) : random.int(1...5)
            segment.document.annotations["items"] = .number(Double(items))
            answer = call(services.checkout, "POST", "/checkouts", from: gateway, in: &segment) {
                $0.checkout(items: items, user: user, in: &$1)
            }
        }
        return Self.passOn(answer) ?? answer
    }
}
