import XRayModel

/// `checkout` (Python on ECS) drives an order: read the cart, price every line, reserve
/// stock, charge the card, record the order and announce it on SQS. It stops at the first
/// failure and passes it on.
extension ShopScenario {
    mutating func checkout(items: Int, user: String?, in segment: inout SpanDraft) -> Int {
        let checkout = services.checkout
        segment.document.user = user
        segment.document.annotations["cart_size"] = .number(Double(items))
        segment.document.annotations["payment_method"] = .string(random.pick(["card", "card", "kakaopay", "paypay"]))
        segment.document.annotations["express"] = .bool(random.chance(0.2))

        let cart = call(services.cart, "GET", "/carts/me", from: checkout, in: &segment) {
            $0.cartForCheckout(items: items, in: &$1)
        }
        if let failed = Self.passOn(cart) { return failed }

        local("validate-cart", in: &segment) { shop, validate in
            for line in 0..<items { shop.priceLine(line, in: &validate) }
        }

        let reserved = call(services.inventory, "POST", "/reservations", from: checkout, in: &segment) {
            $0.reserve(items: items, in: &$1)
        }
        if let failed = Self.passOn(reserved) { return failed }

        let charged = call(services.payments, "POST", "/", from: checkout, in: &segment) {
            $0.charge(in: &$1)
        }
        if let failed = Self.passOn(charged) { return failed }

        let ordered = call(services.orders, "POST", "/orders", from: checkout, in: &segment) {
            $0.createOrder(items: items, in: &$1)
        }
        if let failed = Self.passOn(ordered) { return failed }

        sqsSend(queue: "order-events", in: &segment)
        segment.document.metadata = [
            "checkout": .object([
                "lines": .int(Int64(items)),
                "currency": .string(random.pick(["KRW", "JPY", "USD"])),
            ])
        ]
        return 201
    }

    /// One cart line: its product from DynamoDB and its discounts from SQL, three levels
    /// below the segment. A bulk order repeats this dozens of times.
    private mutating func priceLine(_ line: Int, in parent: inout SpanDraft) {
        local("line-item", in: &parent) { shop, item in
            item.document.metadata = ["default": .object(["line": .int(Int64(line))])]
            shop.dynamoDB("GetItem", table: "products", median: 2.5, in: &item)
            shop.local("apply-discounts", in: &item) { shop, discounts in
                shop.sql(
                    "SELECT rule_id, percent FROM discounts WHERE sku = %s AND now() BETWEEN starts_at AND ends_at",
                    on: .pricing, median: 1.2, in: &discounts)
            }
        }
    }
}
