//! The account pages' own words in Simplified Chinese and English (the older
//! ones are in the shared catalogue, `crate::i18n::T`).

use crate::i18n::{catalogue, Lang};

catalogue! {
    /// Account text.
    K
    CodeNotReceived { zh: "没有收到？", en: "No code?" }
    CodeResend { zh: "重新发送验证码", en: "Send a new code" }
    CodeResent { zh: "已重新发送。请使用最新收到的验证码，之前的验证码已失效。", en: "Sent again. Use the newest code: earlier ones no longer work." }
    CodeOtherContact { zh: "换一个手机号或邮箱", en: "Use another number or e-mail" }
    RegisterConsentBefore { zh: "注册即表示您已阅读并同意", en: "By creating an account you agree to our " }
    RegisterConsentLink { zh: "《隐私政策》", en: "privacy notice" }
    RegisterConsentAfter { zh: "，我们将据此处理您的手机号或邮箱与称呼。", en: ", which says how we use your number or e-mail and your name." }
}
