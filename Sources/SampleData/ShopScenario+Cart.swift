import XRayModel

/// `cart` (Java on EC2): carts live in DynamoDB; adding an item is a conditional update that
/// sometimes loses a race and answers 409.
extension ShopScenario {
    mutating func viewCart(in segment: inout SpanDraft) -> Int {
        dynamoDB("GetItem", table: "carts", in: &segment)
        let count = random.chance(0.8) ? random.int(1...6) : 0
        segment.document.annotations["cart_items"] = .number(Double(count))
        guard count > 0 else { return 200 }
        let products = call(services.catalog, "GET", "/products?ids=\(count)", from: services.cart, in: &segment) {
            $0.lookUpProducts(count: count, in: &$1)
        }
        return Self.passOn(products) ?? 200
    }

    mutating func addToCart(sku: String, in segment: inout SpanDraft) -> Int {
        segment.document.annotations["sku"] = .string(sku)
        let conflict = random.chance(0.025)
        dynamoDB("UpdateItem", table: "carts", status: conflict ? 400 : 200, in: &segment)
        if conflict {
            segment.document.record(ShopFailures.conditionalCheckFailed, random: &random)
            return 409
        }
        return 200
    }

    /// The cart as checkout reads it: one consistent read.
    mutating func cartForCheckout(items: Int, in segment: inout SpanDraft) -> Int {
        dynamoDB("GetItem", table: "carts", in: &segment)
        segment.document.annotations["cart_items"] = .number(Double(items))
        return 200
    }
}
