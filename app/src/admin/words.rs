//! How the audit log's actions read, in Simplified Chinese and English.

use crate::i18n::{catalogue, Lang};
use pitlane::audit::Action;

catalogue! {
    /// Audit text.
    A
    Register { zh: "注册账号", en: "Registered" }
    Login { zh: "登录", en: "Signed in" }
    LoginFailed { zh: "登录失败", en: "Sign-in failed" }
    Logout { zh: "退出登录", en: "Signed out" }
    PasswordChanged { zh: "修改密码", en: "Password changed" }
    RoleChanged { zh: "变更角色", en: "Role changed" }
    MileageCorrected { zh: "更正里程", en: "Mileage corrected" }
    CarTransferred { zh: "车辆过户", en: "Car transferred" }
    CarClaimApproved { zh: "通过车辆添加申请", en: "Car claim approved" }
    CarClaimRejected { zh: "驳回车辆添加申请", en: "Car claim rejected" }
    MileageConfirmed { zh: "确认车主上报里程", en: "Owner's mileage confirmed" }
    MileageDiscarded { zh: "驳回车主上报里程", en: "Owner's mileage discarded" }
    CampaignCompleted { zh: "完成召回或服务活动", en: "Campaign completed" }
    SlaPolicyChanged { zh: "修改服务时限", en: "Service targets changed" }
    PasswordReset { zh: "重置密码", en: "Password reset" }
    SessionsEnded { zh: "退出所有设备", en: "Signed out everywhere" }
    AccountDisabled { zh: "停用账号", en: "Account disabled" }
    AccountEnabled { zh: "启用账号", en: "Account enabled" }
    ContactVerified { zh: "验证联系方式", en: "Contact verified" }
    PointsAdjusted { zh: "调整积分", en: "Points adjusted" }
    LoyaltyRuleChanged { zh: "修改积分规则", en: "Points rule changed" }
    CustomerViewed { zh: "查看客户档案", en: "Customer page viewed" }
    CustomersExported { zh: "导出客户名单", en: "Customers exported" }
    ApiKeyCreated { zh: "创建接口密钥", en: "API key created" }
    ApiKeyRevoked { zh: "吊销接口密钥", en: "API key revoked" }
}

pub fn action_name(action: Action) -> A {
    match action {
        Action::Register => A::Register,
        Action::Login => A::Login,
        Action::LoginFailed => A::LoginFailed,
        Action::Logout => A::Logout,
        Action::PasswordChanged => A::PasswordChanged,
        Action::RoleChanged => A::RoleChanged,
        Action::MileageCorrected => A::MileageCorrected,
        Action::CarTransferred => A::CarTransferred,
        Action::CarClaimApproved => A::CarClaimApproved,
        Action::CarClaimRejected => A::CarClaimRejected,
        Action::MileageConfirmed => A::MileageConfirmed,
        Action::MileageDiscarded => A::MileageDiscarded,
        Action::CampaignCompleted => A::CampaignCompleted,
        Action::SlaPolicyChanged => A::SlaPolicyChanged,
        Action::PasswordReset => A::PasswordReset,
        Action::SessionsEnded => A::SessionsEnded,
        Action::AccountDisabled => A::AccountDisabled,
        Action::AccountEnabled => A::AccountEnabled,
        Action::ContactVerified => A::ContactVerified,
        Action::PointsAdjusted => A::PointsAdjusted,
        Action::LoyaltyRuleChanged => A::LoyaltyRuleChanged,
        Action::CustomerViewed => A::CustomerViewed,
        Action::CustomersExported => A::CustomersExported,
        Action::ApiKeyCreated => A::ApiKeyCreated,
        Action::ApiKeyRevoked => A::ApiKeyRevoked,
    }
}
