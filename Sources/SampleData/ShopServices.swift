/// The shop's eight services. Two have Korean and Japanese names, as real teams name them,
/// so the explorer's wide-character layout is exercised by ordinary data.
struct ShopServices: Sendable {
    let gateway: ShopService
    let catalog: ShopService
    let cart: ShopService
    let checkout: ShopService
    let payments: ShopService
    let inventory: ShopService
    /// "Order service", in Korean.
    let orders: ShopService
    /// "Stock service", in Japanese: the Tokyo warehouse.
    let warehouse: ShopService

    init(random: inout SeededRandom) {
        gateway = .ecs("web-gateway", host: "gateway.shop.internal", runtime: .node, random: &random)
        catalog = .eks("catalog", host: "catalog.shop.internal", runtime: .python, random: &random)
        cart = .ec2("cart", host: "cart.shop.internal", runtime: .java, zone: "ap-northeast-2a", random: &random)
        checkout = .ecs("checkout", host: "checkout.shop.internal", runtime: .python, random: &random)
        payments = .lambda("payments", host: "payments.lambda-url.ap-northeast-2.on.aws", runtime: .python)
        inventory = .eks("inventory", host: "inventory.shop.internal", runtime: .go, random: &random)
        orders = .ec2("주문-서비스", host: "orders.shop.internal", runtime: .java, zone: "ap-northeast-2c", random: &random)
        warehouse = .ecs("在庫サービス", host: "zaiko.jp.shop.internal", runtime: .go, random: &random)
    }
}
