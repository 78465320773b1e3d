//! `server bare`: the benchmark's ceiling. A bare axum handler returning a
//! small HTML page, served by this same binary (allocator, runtime, build
//! profile), so each page's throughput can be read as a share of it.

use axum::response::Html;
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;

const PAGE: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>Pitlane</title></head><body><main><h1>子午汽车 · Meridian Motors</h1><p>Bare handler: the ceiling of this machine.</p></main></body></html>";

pub async fn serve(addr: SocketAddr) -> std::io::Result<()> {
    let router = Router::new().route("/", get(|| async { Html(PAGE) }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router).await
}
