//! The dealer's counter (`/staff/vouchers`): look a voucher up by its code (or
//! the QR's), see what it is for and what to collect, and use it, once.

use super::words::{voucher_status_name, Y};
use crate::auth::{visitor, RequireRole};
use crate::error::AppError;
use crate::form::{url_error, FormError};
use crate::i18n::{china_time, Lang};
use crate::layout::{load_error, loading};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pitlane::account::Role;
use pitlane::loyalty::views::CounterVoucher;
use pitlane::loyalty::VoucherStatus;
use pitlane::types::Money;
use server_fn::ServerFn;

#[server(prefix = "/api", endpoint = "find_voucher")]
pub async fn find_voucher(code: String) -> Result<CounterVoucher, AppError> {
    use crate::auth::ssr::{require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::is_workshop)?;
        let state = state()?;
        Ok(pitlane::loyalty::store::counter_voucher(&state.db, &staff, &code).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "use_voucher")]
pub async fn use_voucher(code: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, require_staff, respond, state};
    respond(async move {
        let staff = require_staff(Role::is_workshop)?;
        let state = state()?;
        pitlane::loyalty::store::use_voucher(&state.db, &*state.clock, &staff, &code).await?;
        redirect(&format!("/staff/vouchers?code={}&used=1", code.trim()));
        Ok(())
    })
    .await
}

#[component]
pub fn CounterPage() -> impl IntoView {
    let lang = visitor().lang;
    let query = use_query_map().get_untracked();
    let code = query.get("code").unwrap_or_default();
    let used = query.get("used").is_some();
    let error = url_error::<UseVoucher>();
    let shown = code.clone();
    view! {
        <RequireRole allow=Role::is_workshop>
            <h1>{Y::CounterTitle.text(lang)}</h1>
            {used
                .then(|| {
                    view! {
                        <p class="notice" role="status">
                            {Y::CounterUsed.text(lang)}
                        </p>
                    }
                })}
            <FormError message=error.map(|e| e.text(lang)) />
            <form method="get" action="/staff/vouchers" class="stack">
                <div class="field">
                    <label for="code">{Y::CounterCode.text(lang)}</label>
                    <input id="code" name="code" type="text" autocomplete="off" value=code.clone() required />
                </div>
                <button type="submit" class="button">
                    {Y::CounterFind.text(lang)}
                </button>
            </form>
            {(!shown.trim().is_empty())
                .then(|| {
                    view! {
                        <Suspense fallback=move || loading(
                            lang,
                        )>
                            {
                                let code = shown.clone();
                                {
                                    let code = code.clone();
                                    Suspend::new(async move {
                                        match find_voucher(code).await {
                                            Ok(voucher) => view! { <VoucherCard lang voucher /> }.into_any(),
                                            Err(err) => load_error(err, lang),
                                        }
                                    })
                                }
                            }
                        </Suspense>
                    }
                })}
        </RequireRole>
    }
}

#[component]
fn VoucherCard(lang: Lang, voucher: CounterVoucher) -> impl IntoView {
    let usable = voucher.status == VoucherStatus::Issued;
    view! {
        <section class="card">
            <p class="post-title">
                {lang.pick(&voucher.reward_zh, &voucher.reward_en).to_owned()} " "
                <span class="badge">{voucher_status_name(voucher.status, lang)}</span>
            </p>
            <dl>
                <dt>{Y::CounterCode.text(lang)}</dt>
                <dd class="mono">{voucher.code.clone()}</dd>
                <dt>{Y::CounterOwner.text(lang)}</dt>
                <dd>{voucher.owner.clone()}</dd>
                <dt>{Y::ValidUntil.text(lang)}</dt>
                <dd>{china_time(voucher.valid_until)}</dd>
                {(voucher.cash_fen > 0)
                    .then(|| {
                        view! {
                            <dt>{Y::CounterCollect.text(lang)}</dt>
                            <dd>{Money::from_fen(voucher.cash_fen).to_string()}</dd>
                        }
                    })}
                {voucher
                    .redeemed_at
                    .map(|at| {
                        view! {
                            <dt>{voucher_status_name(VoucherStatus::Redeemed, lang)}</dt>
                            <dd>{china_time(at)}</dd>
                        }
                    })}
            </dl>
            {usable
                .then(|| {
                    view! {
                        <form method="post" action=UseVoucher::url()>
                            <input type="hidden" name="code" value=voucher.code.clone() />
                            <button type="submit" class="button primary">
                                {Y::CounterUse.text(lang)}
                            </button>
                        </form>
                    }
                })}
        </section>
    }
}
