/// What shoppers ask `web-gateway` for, and how often. Bulk checkouts are the rare deep
/// traces: hundreds of subsegments that the SDK has to stream.
enum ShopRoute: CaseIterable {
    case browse
    case product
    case viewCart
    case addToCart
    case checkout
    case bulkCheckout

    static func draw(_ random: inout SeededRandom) -> ShopRoute {
        random.weighted([
            (.browse, 0.36), (.product, 0.22), (.viewCart, 0.12), (.addToCart, 0.13), (.checkout, 0.14),
            (.bulkCheckout, 0.03),
        ])
    }

    var method: String {
        switch self {
        case .browse, .product, .viewCart: return "GET"
        case .addToCart, .checkout, .bulkCheckout: return "POST"
        }
    }

    /// The route as annotated: a template, so it groups well in analytics.
    var template: String {
        switch self {
        case .browse: return "/products"
        case .product: return "/products/{sku}"
        case .viewCart: return "/cart"
        case .addToCart: return "/cart/items"
        case .checkout, .bulkCheckout: return "/checkout"
        }
    }

    static let categories = ["shoes", "outdoor", "kitchen", "books", "가전", "文房具"]
}
