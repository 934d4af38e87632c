/// A PostgreSQL database the shop's services query. Each is used from a different runtime, so
/// its URL and driver are the ones that runtime's SDK reports; none carries a password, as
/// the SDKs strip it.
struct ShopDatabase: Sendable {
    let name: String
    let host: String
    let user: String
    let driverVersion: String
    /// `jdbc:postgresql` from Java, `postgresql` from Python, `postgres` from Go.
    let scheme: String

    var subsegmentName: String { "\(name)@\(host)" }
    var url: String { "\(scheme)://\(host):5432/\(name)" }

    private static let cluster = "cluster-c7xk2q9r1m4t.ap-northeast-2.rds.amazonaws.com"

    static let inventory = ShopDatabase(
        name: "inventory", host: "inventory-db.\(cluster)", user: "inventory_app", driverVersion: "pgx/v5.5.5",
        scheme: "postgres")
    static let pricing = ShopDatabase(
        name: "pricing", host: "pricing-db.\(cluster)", user: "checkout", driverVersion: "psycopg2 2.9.9",
        scheme: "postgresql")
    static let orders = ShopDatabase(
        name: "orders", host: "orders-db.\(cluster)", user: "order_service", driverVersion: "42.7.3",
        scheme: "jdbc:postgresql")
}
