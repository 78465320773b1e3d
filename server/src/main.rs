//! Starts Pitlane: configuration, logs, then the application until stopped.

use server::{Application, Config};
use std::sync::Arc;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A .env file is optional; the real environment wins over it.
    let _ = dotenvy::dotenv();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&config.log_filter)?)
        .with_target(false)
        .init();
    let app = match Application::build(&config, Arc::new(pitlane::SystemClock)).await {
        Ok(app) => app,
        Err(err) => {
            eprintln!("pitlane cannot start: {err}");
            std::process::exit(1);
        }
    };
    println!("Pitlane is listening on http://{}:{}", config.addr.ip(), app.port());
    app.run_until_stopped().await?;
    Ok(())
}
