//! The UI's words in Simplified Chinese and English. Every key must carry both
//! languages or the catalogue does not compile.

use pitlane::account::{Role, RoleError};
use pitlane::error::Problem;
use pitlane::types::{DisplayNameError, EmailError, IdentifierError, MobileError, PasswordError, VinError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const COOKIE: &'static str = "lang";

    /// The value of `<html lang>` and of the language cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let lower = raw.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Lang::Zh)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first language of an Accept-Language header that we speak.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        header.split(',').find_map(|part| Lang::parse(part.split(';').next().unwrap_or("")))
    }

    /// Picks the Chinese or English form of a value stored in both.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident { zh: $zh:literal, en: $en:literal $(,)? })*) => {
        /// A translatable text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            pub const fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Zh) => $zh, (T::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

catalogue! {
    Brand { zh: "Pitlane 车主之家", en: "Pitlane" }
    Tagline { zh: "子午汽车车主服务与车友会", en: "Meridian owners' portal and club" }
    SkipToContent { zh: "跳到正文", en: "Skip to content" }
    NavHome { zh: "首页", en: "Home" }
    NavMe { zh: "我的", en: "My account" }
    NavStaff { zh: "员工工作台", en: "Staff console" }
    NavAdmin { zh: "系统管理", en: "Admin" }
    NavLogin { zh: "登录", en: "Sign in" }
    NavRegister { zh: "注册", en: "Register" }
    NavLogout { zh: "退出登录", en: "Sign out" }
    NavMain { zh: "主导航", en: "Main navigation" }
    LanguageLabel { zh: "语言", en: "Language" }
    Loading { zh: "加载中…", en: "Loading…" }
    Footer { zh: "子午汽车 · 服务热线 400-820-6688（每天 8:00–20:00）", en: "Meridian Motors · Hotline 400-820-6688 (daily 8:00–20:00)" }

    HomeTitle { zh: "您的爱车，我们一直在", en: "Your car, looked after" }
    HomeIntro { zh: "在 Pitlane，车主可以自助完成大部分事务，不必再打热线。", en: "At Pitlane, owners help themselves instead of calling the hotline." }
    HomeGarageTitle { zh: "我的车库", en: "Your garage" }
    HomeGarageText { zh: "用车架号（VIN）添加爱车，查看保修、召回与保养提醒。", en: "Add your cars by VIN and see warranty, recalls and maintenance reminders." }
    HomeServiceTitle { zh: "预约保养维修", en: "Book service" }
    HomeServiceText { zh: "选择经销商和真实可用的时段，进度随时可查。", en: "Pick a dealer and a real free slot, and follow your car through the workshop." }
    HomeCareTitle { zh: "意见与投诉", en: "Feedback and complaints" }
    HomeCareText { zh: "提交反馈或投诉，全程跟踪处理进度直到解决。", en: "Send feedback or a complaint and follow it until it is resolved." }
    HomeClubTitle { zh: "车友会", en: "Owners' club" }
    HomeClubText { zh: "与其他车主交流、参加活动、积累积分兑换礼品。", en: "Meet other owners, join events, earn points and rewards." }
    WarrantyBoxTitle { zh: "保修与召回查询", en: "Warranty and recall check" }
    WarrantyBoxText { zh: "输入 17 位车架号，无需登录。", en: "Enter the 17-character VIN; no account needed." }
    WarrantyBoxButton { zh: "查询", en: "Check" }
    FieldVin { zh: "车架号（VIN）", en: "VIN" }
    HomeStart { zh: "注册成为车主用户", en: "Create your owner account" }
    HomeHaveAccount { zh: "已有账号？登录", en: "Already registered? Sign in" }

    LoginTitle { zh: "登录", en: "Sign in" }
    FieldIdentifier { zh: "手机号或邮箱", en: "Mobile number or e-mail" }
    FieldIdentifierHint { zh: "中国大陆手机号（11 位）或电子邮箱", en: "A mainland China mobile number (11 digits) or an e-mail address" }
    FieldPassword { zh: "密码", en: "Password" }
    LoginButton { zh: "登录", en: "Sign in" }
    LoginPending { zh: "正在登录…", en: "Signing in…" }
    NoAccountYet { zh: "还没有账号？", en: "No account yet?" }
    RegisterTitle { zh: "注册车主账号", en: "Create your owner account" }
    FieldDisplayName { zh: "称呼", en: "Your name" }
    FieldPasswordHint { zh: "至少 8 位，需同时包含字母和数字", en: "At least 8 characters, with letters and digits" }
    RegisterButton { zh: "注册", en: "Create account" }
    RegisterPending { zh: "正在注册…", en: "Creating account…" }
    HaveAccount { zh: "已有账号？", en: "Already have an account?" }
    PasswordTitle { zh: "修改密码", en: "Change password" }
    FieldCurrentPassword { zh: "当前密码", en: "Current password" }
    FieldNewPassword { zh: "新密码", en: "New password" }
    PasswordButton { zh: "修改密码", en: "Change password" }
    PasswordPending { zh: "正在保存…", en: "Saving…" }
    PasswordChanged { zh: "密码已修改。", en: "Your password has been changed." }
    Welcome { zh: "欢迎注册！", en: "Welcome aboard!" }

    MeTitle { zh: "我的账户", en: "My account" }
    MeHello { zh: "您好，", en: "Hello, " }
    MeAccount { zh: "账户信息", en: "Account" }
    MeContact { zh: "登录方式", en: "Signs in with" }
    MeRole { zh: "身份", en: "Role" }
    MeSecurity { zh: "账户安全", en: "Security" }
    MeComingTitle { zh: "即将上线", en: "Coming next" }
    MeComingText { zh: "车库、保修查询、预约保养和意见反馈将陆续在这里上线。", en: "Your garage, warranty lookup, service booking and feedback will appear here as they launch." }

    StaffTitle { zh: "员工工作台", en: "Staff console" }
    StaffDealer { zh: "所属经销商", en: "Dealer" }
    StaffBrandWide { zh: "品牌总部（全部经销商）", en: "Brand-wide (all dealers)" }
    StaffOwners { zh: "注册车主", en: "Registered owners" }
    StaffVehicles { zh: "已售车辆", en: "Vehicles sold" }
    StaffClaimed { zh: "已绑定车主的车辆", en: "Vehicles linked to an owner" }
    StaffScope { zh: "数据范围", en: "Scope" }

    AdminTitle { zh: "系统管理", en: "Administration" }
    AdminUsers { zh: "用户与角色", en: "Users and roles" }
    AdminSearch { zh: "搜索姓名、手机号或邮箱", en: "Search by name, mobile or e-mail" }
    AdminSearchButton { zh: "搜索", en: "Search" }
    ColName { zh: "姓名", en: "Name" }
    ColContact { zh: "手机号 / 邮箱", en: "Mobile / e-mail" }
    ColRole { zh: "角色", en: "Role" }
    ColDealer { zh: "经销商", en: "Dealer" }
    ColAction { zh: "操作", en: "Action" }
    ColWhen { zh: "时间", en: "When" }
    ColWhat { zh: "事件", en: "Event" }
    ColSubject { zh: "对象", en: "Subject" }
    ColDetail { zh: "详情", en: "Detail" }
    AdminSave { zh: "保存", en: "Save" }
    AdminNoDealer { zh: "（无）", en: "(none)" }
    AdminNoUsers { zh: "没有符合条件的用户。", en: "No users match." }
    AdminAudit { zh: "最近的安全事件", en: "Recent security events" }
    AdminNoAudit { zh: "暂无记录。", en: "Nothing recorded yet." }
    AdminSaved { zh: "角色已更新。", en: "Role updated." }

    RoleOwner { zh: "车主", en: "Owner" }
    RoleModerator { zh: "车友会版主", en: "Club moderator" }
    RoleServiceAdvisor { zh: "服务顾问", en: "Service advisor" }
    RoleLeadHandler { zh: "线索专员", en: "Lead handler" }
    RoleCareAgent { zh: "客户关怀专员", en: "Customer-care agent" }
    RoleCrmAnalyst { zh: "CRM 分析师", en: "CRM analyst" }
    RoleAdmin { zh: "系统管理员", en: "Administrator" }

    Error403Title { zh: "无权访问", en: "Not allowed" }
    Error403Text { zh: "您的账号无权查看此页面。如有疑问，请联系管理员。", en: "Your account may not see this page. Ask an administrator if you think it should." }
    Error404Title { zh: "页面不存在", en: "Page not found" }
    Error404Text { zh: "您要找的页面不存在或已移动。", en: "The page you are looking for does not exist or has moved." }
    Error500Title { zh: "出错了", en: "Something went wrong" }
    Error500Text { zh: "我们这边出了问题，请稍后重试。问题已记录。", en: "Something failed on our side. Please try again; the problem has been logged." }
    BackHome { zh: "返回首页", en: "Back to the home page" }

    ErrUnauthenticated { zh: "请先登录。", en: "Please sign in first." }
    ErrForbidden { zh: "您无权执行此操作。", en: "You may not do that." }
    ErrNotFound { zh: "找不到该记录。", en: "That record does not exist." }
    ErrBadCredentials { zh: "账号或密码不正确。", en: "The mobile number / e-mail or the password is wrong." }
    ErrAccountExists { zh: "该手机号或邮箱已注册，请直接登录。", en: "This mobile number or e-mail is already registered: sign in instead." }
    ErrInternal { zh: "服务器出错，请稍后重试。", en: "The server failed; please try again." }
    ErrRequest { zh: "请求未能送达，请检查网络后重试。", en: "The request did not get through; check your connection and try again." }
    ErrIdentifierEmpty { zh: "请输入手机号或邮箱。", en: "Enter a mobile number or an e-mail address." }
    ErrMobileEmpty { zh: "请输入手机号。", en: "Enter a mobile number." }
    ErrMobileNotMainland { zh: "请输入 11 位中国大陆手机号（以 13–19 开头）。", en: "Enter an 11-digit mainland mobile number starting 13–19." }
    ErrEmailEmpty { zh: "请输入邮箱。", en: "Enter an e-mail address." }
    ErrEmailTooLong { zh: "邮箱地址过长。", en: "That e-mail address is too long." }
    ErrEmailMalformed { zh: "邮箱格式不正确，例如 name@example.com。", en: "That is not an e-mail address like name@example.com." }
    ErrPasswordTooShort { zh: "密码至少 8 位。", en: "The password needs at least 8 characters." }
    ErrPasswordTooLong { zh: "密码不能超过 128 位。", en: "The password may have at most 128 characters." }
    ErrPasswordTooSimple { zh: "密码需同时包含字母和数字。", en: "The password needs both letters and digits." }
    ErrNameEmpty { zh: "请输入称呼。", en: "Enter your name." }
    ErrNameTooLong { zh: "称呼不能超过 40 个字。", en: "The name may have at most 40 characters." }
    ErrNameControl { zh: "称呼中含有无效字符。", en: "The name contains characters that are not allowed." }
    ErrRoleDealerRequired { zh: "该角色必须属于一家经销商。", en: "This role works at a dealer: choose one." }
    ErrRoleDealerNotAllowed { zh: "该角色不属于经销商，请选择“无”。", en: "This role does not belong to a dealer: choose none." }
    ErrRoleUnknown { zh: "没有这个角色。", en: "There is no such role." }
    ErrUnknownChoice { zh: "请从列表中选择。", en: "Choose one of the listed options." }
    ErrVinEmpty { zh: "请输入车架号。", en: "Enter the VIN." }
}

pub fn role_name(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Owner => T::RoleOwner,
        Role::Moderator => T::RoleModerator,
        Role::ServiceAdvisor => T::RoleServiceAdvisor,
        Role::LeadHandler => T::RoleLeadHandler,
        Role::CareAgent => T::RoleCareAgent,
        Role::CrmAnalyst => T::RoleCrmAnalyst,
        Role::Admin => T::RoleAdmin,
    }
    .text(lang)
}

/// A field problem as one sentence the user can act on.
pub fn problem_text(problem: Problem, lang: Lang) -> String {
    let fixed = |t: T| t.text(lang).to_owned();
    match problem {
        Problem::Identifier(IdentifierError::Empty) => fixed(T::ErrIdentifierEmpty),
        Problem::Identifier(IdentifierError::Mobile(e)) | Problem::Mobile(e) => mobile_text(e, lang),
        Problem::Identifier(IdentifierError::Email(e)) | Problem::Email(e) => email_text(e, lang),
        Problem::Password(PasswordError::TooShort) => fixed(T::ErrPasswordTooShort),
        Problem::Password(PasswordError::TooLong) => fixed(T::ErrPasswordTooLong),
        Problem::Password(PasswordError::TooSimple) => fixed(T::ErrPasswordTooSimple),
        Problem::DisplayName(DisplayNameError::Empty) => fixed(T::ErrNameEmpty),
        Problem::DisplayName(DisplayNameError::TooLong) => fixed(T::ErrNameTooLong),
        Problem::DisplayName(DisplayNameError::ControlCharacters) => fixed(T::ErrNameControl),
        Problem::Role(RoleError::DealerRequired) => fixed(T::ErrRoleDealerRequired),
        Problem::Role(RoleError::DealerNotAllowed) => fixed(T::ErrRoleDealerNotAllowed),
        Problem::Role(RoleError::Unknown) => fixed(T::ErrRoleUnknown),
        Problem::UnknownChoice => fixed(T::ErrUnknownChoice),
        Problem::Vin(e) => vin_text(e, lang),
    }
}

fn mobile_text(e: MobileError, lang: Lang) -> String {
    match e {
        MobileError::Empty => T::ErrMobileEmpty,
        MobileError::NotMainland => T::ErrMobileNotMainland,
    }
    .text(lang)
    .to_owned()
}

fn email_text(e: EmailError, lang: Lang) -> String {
    match e {
        EmailError::Empty => T::ErrEmailEmpty,
        EmailError::TooLong => T::ErrEmailTooLong,
        EmailError::Malformed => T::ErrEmailMalformed,
    }
    .text(lang)
    .to_owned()
}

/// What is wrong with a VIN, with the position a person can count to.
pub fn vin_text(e: VinError, lang: Lang) -> String {
    match (e, lang) {
        (VinError::Empty, _) => T::ErrVinEmpty.text(lang).to_owned(),
        (VinError::WrongLength(n), Lang::Zh) => format!("车架号应为 17 位，您输入了 {n} 位。"),
        (VinError::WrongLength(n), Lang::En) => format!("A VIN has 17 characters; this one has {n}."),
        (VinError::LetterNotAllowed { position, letter }, Lang::Zh) => {
            format!("第 {position} 位的字母 {letter} 不会出现在车架号中（I、O、Q 易与 1、0 混淆），请核对。")
        }
        (VinError::LetterNotAllowed { position, letter }, Lang::En) => {
            format!("Position {position}: the letter {letter} never appears in a VIN (I, O and Q look like 1 and 0).")
        }
        (VinError::NotAlphanumeric(position), Lang::Zh) => format!("第 {position} 位只能是字母或数字。"),
        (VinError::NotAlphanumeric(position), Lang::En) => format!("Position {position} must be a letter or a digit."),
        (VinError::CheckDigit { .. }, Lang::Zh) => "校验位（第 9 位）不符，请逐位核对是否有输错。".to_owned(),
        (VinError::CheckDigit { .. }, Lang::En) => {
            "The check digit (position 9) does not match: one of the characters is probably mistyped.".to_owned()
        }
    }
}

/// A UTC instant (milliseconds) as wall-clock time in China (UTC+8, no DST).
pub fn china_time(millis: i64) -> String {
    match (chrono::DateTime::from_timestamp_millis(millis), chrono::FixedOffset::east_opt(8 * 3600)) {
        (Some(at), Some(offset)) => at.with_timezone(&offset).format("%Y-%m-%d %H:%M").to_string(),
        _ => String::new(),
    }
}

pub fn throttled_text(retry_after_secs: i64, lang: Lang) -> String {
    let minutes = (retry_after_secs + 59) / 60;
    match lang {
        Lang::Zh => format!("登录失败次数过多，请 {minutes} 分钟后再试。"),
        Lang::En => format!("Too many failed sign-ins. Try again in {minutes} min."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_first_language_we_speak() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr-FR, zh-CN;q=0.8, en;q=0.5"), Some(Lang::Zh));
        assert_eq!(Lang::from_accept_language("fr-FR"), None);
    }
}
