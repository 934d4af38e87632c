import XRayModel

/// `catalog` (Python on EKS): product pages from DynamoDB, images from S3, stock from
/// `inventory`.
extension ShopScenario {
    mutating func listProducts(category: String, in segment: inout SpanDraft) -> Int {
        segment.document.annotations["category"] = .string(category)
        dynamoDB("Query", table: "products", median: 7, in: &segment)
        if random.chance(0.3) {
            // The category banner; S3 sometimes asks to slow down, and the page goes without.
            s3("GetObject", bucket: "shop-catalog-images", status: random.chance(0.05) ? 503 : 200, in: &segment)
        }
        segment.work(random.millis(median: 2, min: 0.3, max: 20))
        return 200
    }

    mutating func productDetail(sku: String, in segment: inout SpanDraft) -> Int {
        segment.document.annotations["sku"] = .string(sku)
        dynamoDB("GetItem", table: "products", in: &segment)
        if random.chance(0.04) {
            segment.document.record(ShopFailures.missingProduct, random: &random)
            return 404
        }
        let stock = call(services.inventory, "GET", "/stock/\(sku)", from: services.catalog, in: &segment) {
            $0.stockLevel(sku: sku, in: &$1)
        }
        if let failed = Self.passOn(stock) { return failed }
        segment.work(random.millis(median: 1.5, min: 0.2, max: 10))
        return 200
    }

    /// Many products at once, for a cart page.
    mutating func lookUpProducts(count: Int, in segment: inout SpanDraft) -> Int {
        segment.document.annotations["batch_size"] = .number(Double(count))
        dynamoDB("BatchGetItem", table: "products", median: 9, in: &segment)
        return 200
    }
}
