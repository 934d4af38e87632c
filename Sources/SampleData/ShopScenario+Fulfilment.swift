import XRayModel

/// The services behind a checkout: `inventory` (Go on EKS) and its Tokyo warehouse
/// `在庫サービス`, `payments` (a Python Lambda function) and `주문-서비스`, the order service
/// (Java on EC2).
extension ShopScenario {
    mutating func stockLevel(sku: String, in segment: inout SpanDraft) -> Int {
        let broken = random.chance(0.005)
        sql(
            "SELECT quantity, warehouse FROM stock WHERE sku = $1", on: .inventory,
            failure: broken ? ShopFailures.deadlock : nil, in: &segment)
        if broken {
            segment.document.record(ShopFailures.deadlock, random: &random)
            return 500
        }
        return 200
    }

    mutating func reserve(items: Int, in segment: inout SpanDraft) -> Int {
        segment.document.annotations["lines"] = .number(Double(items))
        if random.chance(0.007) {
            sql(
                "UPDATE stock SET reserved = reserved + $1 WHERE sku = $2", on: .inventory,
                failure: ShopFailures.deadlock, in: &segment)
            segment.document.record(ShopFailures.deadlock, random: &random)
            return 500
        }
        if items > 10 {
            sql(
                "UPDATE stock SET reserved = reserved + v.qty FROM (SELECT unnest($1::text[]) AS sku, unnest($2::int[]) AS qty) v WHERE stock.sku = v.sku",
                on: .inventory, median: 12, in: &segment)
        } else {
            for _ in 0..<items {
                sql(
                    "UPDATE stock SET reserved = reserved + $1 WHERE sku = $2 AND quantity - reserved >= $1",
                    on: .inventory, in: &segment)
            }
        }
        if random.chance(0.35) {
            let tokyo = call(services.warehouse, "POST", "/reservations", from: services.inventory, in: &segment) {
                $0.reserveInTokyo(in: &$1)
            }
            if let failed = Self.passOn(tokyo) { return failed }
        }
        if random.chance(0.03) {
            segment.document.record(ShopFailures.outOfStock, random: &random)
            return 409
        }
        return 200
    }

    mutating func reserveInTokyo(in segment: inout SpanDraft) -> Int {
        segment.document.annotations["warehouse"] = .string("東京第二倉庫")
        dynamoDB("UpdateItem", table: "zaiko-tokyo", region: "ap-northeast-1", median: 36, in: &segment)
        return 200
    }

    mutating func charge(in segment: inout SpanDraft) -> Int {
        let api = random.weighted([(200, 0.955), (402, 0.02), (429, 0.015), (502, 0.01)])
        let slow = random.chance(0.02)
        segment.work(random.millis(median: 3, min: 0.5, max: 30))
        paymentAPI(status: api, slow: slow, in: &segment)
        switch api {
        case 200:
            dynamoDB("PutItem", table: "payments-ledger", median: 6, in: &segment)
            segment.document.annotations["charged"] = .bool(true)
            return 200
        case 402, 429:
            segment.document.annotations["charged"] = .bool(false)
            return api
        default:
            segment.document.record(ShopFailures.payment(api), random: &random)
            return 502
        }
    }

    mutating func createOrder(items: Int, in segment: inout SpanDraft) -> Int {
        let orderID = "ORD-\(random.int(1_000_000...9_999_999))"
        segment.document.annotations["order_id"] = .string(orderID)
        sql(
            "INSERT INTO orders (customer_id, total, currency) VALUES (?, ?, ?) RETURNING id", on: .orders, in: &segment
        )
        sql(
            "INSERT INTO order_lines (order_id, sku, quantity, price) VALUES (?, ?, ?, ?)", on: .orders,
            median: items > 10 ? 14 : 3, in: &segment)
        let slowDown = random.chance(0.005)
        s3("PutObject", bucket: "shop-receipts", status: slowDown ? 503 : 200, in: &segment)
        if slowDown {
            segment.document.record(ShopFailures.slowDown, random: &random)
            return 500
        }
        return 201
    }
}
