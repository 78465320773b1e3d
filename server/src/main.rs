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
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run-jobs") => return run_jobs(&config, &args[1..]).await,
        Some("seed-demo") => {
            let seeded = server::commands::seed_demo(&config, &pitlane::SystemClock).await?;
            println!("{}", if seeded { "demo data seeded" } else { "the database is not empty: nothing seeded" });
            return Ok(());
        }
        Some("create-admin") => return create_admin(&config, &args[1..]).await,
        Some("api-key") => {
            println!("{}", server::commands::api_key(&config, &pitlane::SystemClock, &args[1..]).await?);
            return Ok(());
        }
        Some("seed-bulk") => {
            match server::commands::seed_bulk(&config, &pitlane::SystemClock, &args[1..]).await? {
                Some(targets) => println!("busy_post={} board={}", targets.busy_post, targets.board_slug),
                None => println!("the large dataset is there already"),
            }
            return Ok(());
        }
        Some("bare") => return Ok(server::bare::serve(config.addr).await?),
        _ => {}
    }
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

/// `server create-admin --login … [--name …]`: the password comes from stdin
/// when something is piped in, otherwise it is generated and printed once.
async fn create_admin(config: &Config, args: &[String]) -> anyhow::Result<()> {
    use std::io::{BufRead, IsTerminal};
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        None
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        Some(line.trim_end_matches(['\r', '\n']).to_owned())
    };
    let created = server::commands::create_admin(config, &pitlane::SystemClock, args, password).await?;
    println!("admin account {} created", created.id);
    if let Some(password) = created.generated_password {
        println!("its password (shown once, store it now): {}", password.expose());
    }
    Ok(())
}

/// `server run-jobs [--at <RFC 3339 time>]`: the daily run once, then exit.
/// A plain run catches up on everything overdue (after an outage, say).
/// `--at` runs it as if it were a later time, to rehearse what the scheduler
/// will send then; the browser tests use it for the 3-day survey. Past times
/// are refused: they would remind owners of appointments already over.
async fn run_jobs(config: &Config, args: &[String]) -> anyhow::Result<()> {
    let clock: Arc<dyn pitlane::Clock> = match args {
        [] => Arc::new(pitlane::SystemClock),
        [flag, at] if flag == "--at" => {
            let at = chrono::DateTime::parse_from_rfc3339(at)
                .map_err(|e| anyhow::anyhow!("--at {at:?} is not an RFC 3339 time: {e}"))?
                .with_timezone(&chrono::Utc);
            if at < chrono::Utc::now() {
                anyhow::bail!("--at looks ahead only; a plain `server run-jobs` catches up on everything overdue");
            }
            Arc::new(pitlane::FixedClock::new(at))
        }
        _ => anyhow::bail!("usage: server run-jobs [--at <RFC 3339 time>]"),
    };
    let db = pitlane::db::Db::connect(&config.database_url, 2).await?;
    db.migrate().await?;
    server::jobs::run_daily(&db, &*clock).await;
    Ok(())
}
