//! The UI's words in Simplified Chinese and English. Every key must carry both
//! languages or the catalogue does not compile.

use pitlane::account::{Role, RoleError};
use pitlane::booking::ArrivalRefusal;
use pitlane::club::refusal::{CheckInError, ModerationError, TransitionError as ClubStepError};
use pitlane::dealer::Dealer;
use pitlane::error::{Problem, Throttle};
use pitlane::garage::Car;
use pitlane::types::{
    DateError, DisplayNameError, EmailError, IdentifierError, KmError, MobileError, PasswordError, PlateError, VinError,
};
use pitlane::upload::UploadError;
use pitlane::verification::CodeError;

pub use pitlane::lang::Lang;

macro_rules! catalogue {
    ($(#[$doc:meta])* $name:ident $($key:ident { zh: $zh:literal, en: $en:literal $(,)? })*) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($key),* }

        impl $name {
            pub const fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$key, Lang::Zh) => $zh, ($name::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

pub(crate) use catalogue;

catalogue! {
    /// Page text.
    T
    Brand { zh: "Pitlane 车主之家", en: "Pitlane" }
    Tagline { zh: "子午汽车车主服务与车友会", en: "Meridian owners' portal and club" }
    SkipToContent { zh: "跳到正文", en: "Skip to content" }
    NavHome { zh: "首页", en: "Home" }
    NavMe { zh: "我的", en: "My account" }
    NavStaff { zh: "员工工作台", en: "Staff console" }
    NavAdmin { zh: "系统管理", en: "Admin" }
    NavIntegrations { zh: "系统对接", en: "Integrations" }
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
    PasswordChanged { zh: "密码已修改，其他设备上的登录已退出。", en: "Your password has been changed, and every other device has been signed out." }
    ForgotPassword { zh: "忘记密码？", en: "Forgot your password?" }
    CodeTitle { zh: "输入验证码", en: "Enter your code" }
    CodeSentTo { zh: "验证码已发送至", en: "We sent a code to" }
    CodeSentEnd { zh: "，10 分钟内有效。", en: ". It is valid for 10 minutes." }
    CodeNothingPending { zh: "这里没有等待验证码的请求，请重新开始。", en: "Nothing here is waiting for a code; please start again." }
    FieldCode { zh: "验证码", en: "Verification code" }
    FieldCodeHint { zh: "短信或邮件中的 6 位数字，最多可尝试 5 次", en: "The 6 digits in the SMS or e-mail; 5 tries at most" }
    CodeButton { zh: "确认", en: "Confirm" }
    CodePending { zh: "正在确认…", en: "Checking…" }
    CodeStartAgain { zh: "重新开始", en: "Start again" }
    ResetTitle { zh: "重置密码", en: "Reset your password" }
    ResetIntro { zh: "输入您登录用的手机号或邮箱（须已验证），我们会发送验证码。", en: "Enter the mobile number or e-mail you sign in with (it must be verified) and we will send a code." }
    ResetButton { zh: "发送验证码", en: "Send code" }
    ResetPending { zh: "正在发送…", en: "Sending…" }
    ResetCodeTitle { zh: "设置新密码", en: "Choose a new password" }
    ResetSentTo { zh: "如果有账号使用", en: "If an account uses" }
    ResetSentEnd { zh: "，我们已向其发送验证码，10 分钟内有效。", en: ", we sent it a code. It is valid for 10 minutes." }
    ResetSave { zh: "保存新密码", en: "Save new password" }
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
    ColAccount { zh: "账号状态", en: "Account" }
    AdminActive { zh: "正常", en: "Active" }
    AdminDisabled { zh: "已停用", en: "Disabled" }
    AdminDisable { zh: "停用", en: "Disable" }
    AdminEnable { zh: "启用", en: "Enable" }
    AdminAccountSaved { zh: "账号状态已更新。", en: "Account updated." }

    RoleOwner { zh: "车主", en: "Owner" }
    RoleModerator { zh: "车友会版主", en: "Club moderator" }
    RoleServiceAdvisor { zh: "服务顾问", en: "Service advisor" }
    RoleLeadHandler { zh: "线索专员", en: "Lead handler" }
    RoleCareAgent { zh: "客户关怀专员", en: "Customer-care agent" }
    RoleCrmAnalyst { zh: "CRM 分析师", en: "CRM analyst" }
    RoleAdmin { zh: "系统管理员", en: "Administrator" }

    BackHome { zh: "返回首页", en: "Back to the home page" }


    NavGarage { zh: "我的车库", en: "Garage" }
    NavWarranty { zh: "保修查询", en: "Warranty" }
    NavProfile { zh: "个人资料", en: "Profile" }
    NavNotifications { zh: "消息", en: "Messages" }
    MeMore { zh: "更多", en: "More" }
    TabBarLabel { zh: "车主导航", en: "Owner tabs" }
    TabMe { zh: "我的", en: "Me" }
    TabGarage { zh: "车库", en: "Garage" }
    TabBookings { zh: "预约", en: "Bookings" }
    TabCases { zh: "反馈", en: "Feedback" }
    TabClub { zh: "车友会", en: "Club" }
    UnreadSuffix { zh: "条未读", en: "unread" }

    WarrantyTitle { zh: "保修与召回查询", en: "Warranty and recall check" }
    WarrantyIntro { zh: "输入车架号（VIN，见行驶证或前挡风玻璃左下角），查看保修状态和召回活动。不显示任何车主信息。", en: "Enter the VIN (on the registration certificate or at the bottom of the windscreen) to see warranty cover and campaigns. No owner information is shown." }
    WarrantyNotFound { zh: "未找到该车架号。请核对后重试；若确认无误，请联系客服热线 400-820-6688。", en: "No car with this VIN was found. Check it and try again, or call 400-820-6688." }
    WarrantyCover { zh: "保修范围", en: "Warranty cover" }
    WarrantySold { zh: "售出日期", en: "Sold on" }
    WarrantyNotStarted { zh: "车辆尚未售出，保修自售出之日起计算。", en: "Not sold yet: cover starts on the day of sale." }
    CoverCovered { zh: "在保", en: "Covered" }
    CoverExpired { zh: "已过保", en: "Expired" }
    CoverUnknownKm { zh: "里程未知", en: "unknown mileage" }
    CoverByDistance { zh: "已超出里程", en: "distance reached" }
    CampaignsTitle { zh: "召回与服务活动", en: "Recalls and service campaigns" }
    CampaignsNone { zh: "这辆车没有召回或服务活动。", en: "No recalls or campaigns for this car." }
    CampaignOpen { zh: "待处理", en: "Open" }
    CampaignDone { zh: "已完成", en: "Done" }
    CampaignAwaitingParts { zh: "等待配件", en: "Awaiting parts" }
    CampaignPartsPromise {
        zh: "暂无法维修——配件到店后我们会通知您预约。",
        en: "Fix not yet available — we will tell you when parts arrive."
    }
    CampaignRecall { zh: "召回", en: "Recall" }
    CampaignService { zh: "服务活动", en: "Service campaign" }
    CampaignRemedy { zh: "处理方式", en: "Remedy" }
    WarrantyModel { zh: "车型", en: "Model" }

    GarageTitle { zh: "我的车库", en: "My garage" }
    GarageEmpty { zh: "车库里还没有车。用车架号添加您的第一辆车。", en: "No cars yet. Add your first car by its VIN." }
    GarageAdd { zh: "添加车辆", en: "Add a car" }
    GarageAddHint { zh: "17 位，见行驶证；不含字母 I、O、Q", en: "17 characters, on the registration certificate; never the letters I, O or Q" }
    GarageAddButton { zh: "添加", en: "Add car" }
    GarageAddPending { zh: "正在添加…", en: "Adding…" }
    GarageAdded { zh: "车辆已添加到您的车库。", en: "The car is in your garage." }
    GaragePlate { zh: "车牌", en: "Plate" }
    GarageMileage { zh: "当前里程（公里）", en: "Current mileage (km)" }
    GarageMileageAsOf { zh: "记录于", en: "as of" }
    GarageInsuranceDue { zh: "车险到期日", en: "Insurance renewal date" }
    GarageInspectionDue { zh: "年检截止日", en: "Annual inspection due" }
    GarageDetails { zh: "我的车辆信息", en: "My details for this car" }
    GarageSave { zh: "保存", en: "Save" }
    GarageSaving { zh: "正在保存…", en: "Saving…" }
    GarageSaved { zh: "已保存。", en: "Saved." }
    GarageHistory { zh: "保养维修记录", en: "Service history" }
    GarageHistoryEmpty { zh: "暂无记录。到店保养后记录会自动出现；在其他地方做的保养可以在下方补录。", en: "Nothing yet. Dealer visits appear here by themselves; log work done elsewhere below." }
    GarageByDealer { zh: "经销商", en: "Dealer" }
    GarageByOwner { zh: "车主自报", en: "Owner-reported" }
    GarageByEarlierOwner { zh: "前任车主自报", en: "Reported by a previous owner" }
    GarageReport { zh: "补录在其他地方做的保养维修", en: "Log work done elsewhere" }
    GaragePerformedOn { zh: "日期", en: "Date" }
    GarageWork { zh: "做了什么", en: "What was done" }
    GarageGarageName { zh: "维修店名称", en: "Garage" }
    GarageIsMaintenance { zh: "这是一次定期保养（计入保养提醒）", en: "This was scheduled maintenance (counts for reminders)" }
    GarageReportButton { zh: "补录", en: "Add to history" }
    GarageReported { zh: "已加入保养记录。", en: "Added to the history." }
    GarageRelease { zh: "车辆已转让？", en: "Sold the car?" }
    GarageReleaseText { zh: "从车库移除后，这辆车的保养、保修和召回记录会留给下一位车主，您的车牌、到期日等个人信息不会转交。", en: "Once removed, the car's service, warranty and recall history stays with it for the next owner; your plate, dates and other personal details do not go with it." }
    GarageReleaseConfirm { zh: "我确认已不再拥有这辆车", en: "I confirm I no longer own this car" }
    GarageReleaseButton { zh: "从车库移除", en: "Remove from my garage" }
    GarageReleased { zh: "车辆已从您的车库移除。", en: "The car has left your garage." }
    GarageReminders { zh: "提醒", en: "Reminders" }
    GarageNoReminders { zh: "目前没有需要处理的事项。", en: "Nothing needs doing right now." }
    GarageVin { zh: "车架号", en: "VIN" }
    GarageDealerNote { zh: "需要帮助？拨打客服热线 400-820-6688。", en: "Need a hand? Call 400-820-6688." }

    ReminderMaintenance { zh: "定期保养", en: "Maintenance" }
    ReminderInsurance { zh: "车险续保", en: "Insurance renewal" }
    ReminderInspection { zh: "车辆年检", en: "Annual inspection" }
    ReminderWarranty { zh: "保修即将到期", en: "Warranty ending" }
    ReminderRecall { zh: "安全召回", en: "Safety recall" }
    StateUpcoming { zh: "即将到期", en: "Upcoming" }
    StateDue { zh: "已到期", en: "Due" }
    StateOverdue { zh: "已逾期", en: "Overdue" }
    StateDone { zh: "已完成", en: "Done" }
    ReminderDueOn { zh: "到期日", en: "Due" }
    ReminderAt { zh: "或里程", en: "or at" }
    ReminderDueAtKm { zh: "行驶至", en: "Due at" }
    ReminderNoDueYet { zh: "暂无日期或里程：请咨询您的经销商。", en: "No date or distance known yet: ask your dealer." }
    ActionBook { zh: "预约到店", en: "Book a visit" }
    ActionBooked { zh: "已预约：", en: "Booked for" }
    ActionRenew { zh: "更新到期日", en: "Update the date" }
    ActionSeeCar { zh: "查看车辆", en: "See the car" }
    MeReminders { zh: "我的提醒", en: "Reminders" }
    MeNoCars { zh: "添加您的车辆后，这里会显示保养、保险、年检和召回提醒。", en: "Add your car and its maintenance, insurance, inspection and recall reminders appear here." }
    MeGoGarage { zh: "去车库", en: "Open the garage" }

    ProfileTitle { zh: "个人资料", en: "Profile" }
    ProfileMobile { zh: "手机号", en: "Mobile number" }
    ProfileEmail { zh: "电子邮箱", en: "E-mail" }
    ProfileCity { zh: "城市", en: "City" }
    ProfileAddress { zh: "地址", en: "Address" }
    ProfileDealer { zh: "常去的经销商", en: "Preferred dealer" }
    ProfileNoDealer { zh: "（未选择）", en: "(none)" }
    ProfileBirthday { zh: "生日（用于生日祝福）", en: "Birthday (for greetings)" }
    ProfileChannel { zh: "首选联系方式", en: "Preferred contact channel" }
    ChannelSms { zh: "短信", en: "SMS" }
    ChannelEmail { zh: "邮件", en: "E-mail" }
    ChannelPhone { zh: "电话", en: "Phone call" }
    ChannelNone { zh: "不联系（安全召回除外）", en: "None (safety recalls still reach you)" }
    ProfileConsent { zh: "我同意子午汽车通过所选方式向我发送新车型、活动和优惠信息。可随时撤回。", en: "I agree that Meridian Motors may send me news about models, events and offers by my chosen channel. I can withdraw this at any time." }
    ProfileConsentVersion { zh: "条款版本", en: "Wording version" }
    ProfilePasswordHint { zh: "修改手机号或邮箱时需要输入当前密码", en: "Needed only when you change your mobile number or e-mail" }
    ProfileSaved { zh: "资料已保存。", en: "Your profile is saved." }
    ProfileHistory { zh: "修改记录", en: "Change history" }
    ProfileHistoryEmpty { zh: "还没有修改记录。", en: "No changes yet." }
    ProfileByStaff { zh: "客服代改", en: "by staff" }
    ProfileCodeSent { zh: "资料已保存。新的手机号或邮箱需输入发送给它的验证码后才会生效。", en: "Saved. The new mobile number or e-mail applies once you enter the code we sent to it." }
    ProfileContactVerified { zh: "联系方式已验证。", en: "The contact detail is verified." }
    ProfilePendingTitle { zh: "手机号与邮箱验证", en: "Verified contacts" }
    ProfilePendingEnd { zh: "，输入后才会生效。", en: "; the change applies once you enter it." }
    ProfileVerified { zh: "已验证", en: "verified" }
    ProfileUnverified { zh: "未验证", en: "not verified" }
    ProfileVerifyMobile { zh: "验证手机号", en: "Verify mobile number" }
    ProfileVerifyEmail { zh: "验证邮箱", en: "Verify e-mail" }
    SessionsTitle { zh: "登录设备", en: "Signed-in devices" }
    SessionsText { zh: "担心账号被他人登录？可在所有设备上退出，包括这一台。", en: "Worried someone else is signed in? Sign out on every device, this one included." }
    SignOutEverywhere { zh: "在所有设备上退出", en: "Sign out everywhere" }
    ProfileBySelf { zh: "本人", en: "by you" }
    ColField { zh: "项目", en: "Field" }
    ColOld { zh: "原值", en: "Before" }
    ColNew { zh: "新值", en: "After" }
    ColBy { zh: "修改人", en: "By" }

    NotificationsTitle { zh: "消息", en: "Messages" }
    NotificationsEmpty { zh: "暂无消息。", en: "No messages." }
    NotificationsMarkRead { zh: "全部标为已读", en: "Mark all as read" }
    NotificationNew { zh: "新", en: "New" }

    NavVehicles { zh: "车辆查询", en: "Vehicles" }
    StaffVehicleTitle { zh: "车辆查询", en: "Vehicle lookup" }
    StaffVehicleIntro { zh: "按车架号查看车辆、车主、召回活动，并记录召回完成、校正里程或办理过户。", en: "Look up a car by VIN: its owner and campaigns; record a campaign as done, correct the mileage or transfer the car." }
    StaffOwner { zh: "当前车主", en: "Current owner" }
    StaffNoOwner { zh: "尚无车主绑定。", en: "No owner has claimed this car." }
    StaffOwnerProfile { zh: "查看资料与修改记录", en: "Profile and change history" }
    StaffCompleteCampaign { zh: "记录完成", en: "Record as done" }
    StaffCorrectMileage { zh: "校正里程", en: "Correct the mileage" }
    StaffCorrect { zh: "校正", en: "Correct" }
    StaffMileageReason { zh: "校正原因", en: "Reason for the correction" }
    StaffMileageReasonHint { zh: "调低里程须由管理员操作并写明原因（如仪表更换）。", en: "Lowering the mileage needs an admin and a reason (e.g. a replaced instrument)." }
    StaffTransfer { zh: "办理过户", en: "Transfer to a new owner" }
    StaffTransferTo { zh: "新车主的手机号或邮箱", en: "New owner's mobile number or e-mail" }
    StaffProof { zh: "过户凭证（如机动车登记证书编号）", en: "Proof of sale (e.g. registration certificate number)" }
    StaffTransferButton { zh: "过户", en: "Transfer" }
    StaffDone { zh: "已记录。", en: "Recorded." }
    GarageReceipt { zh: "收据照片（可选，JPEG / PNG / WebP，最大 8 MB）", en: "Receipt photo (optional; JPEG, PNG or WebP, up to 8 MB)" }
    GarageSeeReceipt { zh: "查看收据", en: "See the receipt" }
    GarageProofTitle { zh: "提交行驶证，确认这是您的车", en: "Show that the car is yours" }
    GarageProofText { zh: "这辆车的购车登记手机号不是您已验证的手机号。请上传行驶证照片（需能看清车架号和车主姓名），客服核实后（通常一个工作日内）车辆会出现在您的车库中。如果这辆车是您新购的，也可以先在个人资料中验证购车时登记的手机号，再重新添加。", en: "This car is not registered to your verified mobile number. Send a photo of its registration certificate (行驶证) showing the VIN and the owner's name; customer care checks it, usually within one working day, and the car then appears in your garage. If you bought the car new, you can instead verify the mobile number you gave the dealer in your profile and add the car again." }
    GarageProofPhoto { zh: "行驶证照片（JPEG / PNG / WebP，最大 8 MB）", en: "Photo of the registration certificate (JPEG, PNG or WebP, up to 8 MB)" }
    GarageProofButton { zh: "提交客服确认", en: "Send for confirmation" }
    GarageProofPending { zh: "正在提交…", en: "Sending…" }
    GarageProofOther { zh: "添加另一辆车", en: "Add a different car" }
    GarageClaimSent { zh: "已提交。客服核实行驶证后会通知您，届时车辆会出现在您的车库中。", en: "Sent. Customer care will tell you once they have checked the registration certificate; the car then appears in your garage." }
    GarageClaimsTitle { zh: "等待确认的车辆", en: "Waiting for confirmation" }
    GarageClaimsText { zh: "客服正在核实您提交的行驶证。确认之前，这些车辆的记录不会显示。", en: "Customer care is checking the registration certificates you sent. The cars' records show once they are confirmed." }
    GarageClaimWaiting { zh: "等待确认", en: "Waiting for confirmation" }
    GarageClaimFiled { zh: "提交于", en: "Sent" }
    GarageMileageHeld { zh: "待确认", en: "Held for confirmation" }
    GarageMileageHeldText { zh: "与上次记录相比，这个里程增长超出了正常行驶范围，需由服务顾问确认后才会生效；在此之前车辆按上次确认的里程记录。", en: "This reading rises more than the days since the last one allow, so it takes effect only once a service advisor confirms it; until then the car keeps its last confirmed reading." }
    GarageSavedHeld { zh: "已保存。新的里程与上次记录相比增长过多，需由服务顾问确认后才会生效。", en: "Saved. The new mileage rises more than the days since the last reading allow, so it is held until a service advisor confirms it." }
    StaffClaimsLink { zh: "待确认的车辆添加申请", en: "Car claims waiting for confirmation" }
    StaffClaimsTitle { zh: "车辆添加申请", en: "Car claims" }
    StaffClaimsIntro { zh: "车主添加的车辆若未登记其已验证的手机号，需凭行驶证照片由客服确认。批准后车辆归入申请人名下，购车登记手机号随之更新；驳回须写明原因，申请人会收到通知。", en: "A car claimed by someone whose verified mobile is not the one the dealer recorded waits here with a photo of its registration certificate. Approving moves the car to the claimant and records their mobile in the register; rejecting needs a reason, which the claimant is told." }
    StaffClaimsEmpty { zh: "没有等待确认的申请。", en: "No claims are waiting." }
    StaffClaimClaimant { zh: "申请人", en: "Claimant" }
    StaffClaimFiled { zh: "提交时间", en: "Sent" }
    StaffClaimSold { zh: "售出日期", en: "Sold" }
    StaffClaimEvidence { zh: "查看行驶证照片", en: "See the registration certificate" }
    StaffClaimHolder { zh: "当前车主（平台内）", en: "Current owner in the portal" }
    StaffClaimHolderNone { zh: "无", en: "Nobody" }
    StaffClaimOnProof { zh: "已凭证明确认", en: "confirmed on proof" }
    StaffClaimLegacy { zh: "早期添加，未经确认", en: "added before proof was asked" }
    StaffClaimMatches { zh: "申请人已验证的手机号与购车登记一致", en: "The claimant's verified mobile is the one in the register" }
    StaffClaimApprove { zh: "批准", en: "Approve" }
    StaffClaimReject { zh: "驳回", en: "Reject" }
    StaffClaimReason { zh: "驳回原因（会发送给申请人）", en: "Reason for rejecting (the claimant is told)" }
    StaffHeldTitle { zh: "车主填报的里程待确认", en: "Owner-reported mileage held for confirmation" }
    StaffHeldReported { zh: "填报里程", en: "Reported" }
    StaffHeldConfirm { zh: "确认", en: "Confirm" }
    StaffHeldDiscard { zh: "不予采用", en: "Discard" }
    NavBook { zh: "预约保养", en: "Book service" }
    NavBookings { zh: "我的预约", en: "My bookings" }
    BookTitle { zh: "预约保养维修", en: "Book a service visit" }
    BookCar { zh: "车辆", en: "Car" }
    BookDealer { zh: "经销商", en: "Dealer" }
    BookService { zh: "服务项目", en: "Service" }
    BookChoose { zh: "查看可预约时间", en: "Show free times" }
    BookNoCars { zh: "请先在车库中添加车辆。", en: "Add a car to your garage first." }
    BookCalendar { zh: "选择日期（未来 30 天，数字为可预约时段数）", en: "Pick a day (next 30 days; the number is how many start times are free)" }
    BookClosed { zh: "休息", en: "closed" }
    BookFull { zh: "约满", en: "full" }
    BookTimes { zh: "选择时间", en: "Pick a time" }
    BookNoTimes { zh: "这一天没有可预约的时间，请选择其他日期。", en: "No free times this day; pick another day." }
    BookFree { zh: "个空位", en: "free" }
    BookNote { zh: "备注：想让技师知道的情况（可选）", en: "Note: anything the technician should know (optional)" }
    BookButton { zh: "确认预约", en: "Book this time" }
    BookPending { zh: "正在预约…", en: "Booking…" }
    BookRecalls { zh: "这辆车有待处理的召回，可在同一次到店时一并处理，请在备注中注明。", en: "This car has open recalls; they can be fixed in the same visit: mention them in the note." }
    BookOpenBooking { zh: "查看这辆车已有的预约", en: "See the car's open booking" }
    BookingsTitle { zh: "我的预约", en: "My bookings" }
    BookingsEmpty { zh: "还没有预约。", en: "No bookings yet." }
    BookingTitle { zh: "预约详情", en: "Booking" }
    BookingConfirmed { zh: "预约成功！", en: "You are booked in." }
    BookingWhen { zh: "时间", en: "When" }
    BookingWhere { zh: "地点", en: "Where" }
    BookingPhone { zh: "经销商电话", en: "Dealer's phone" }
    BookingCalendar { zh: "加入日历（.ics）", en: "Add to calendar (.ics)" }
    BookingCancel { zh: "取消预约", en: "Cancel the booking" }
    BookingCancelWhat { zh: "预约将被取消，这个时间会让给其他车主；如需到店，请重新预约。", en: "The booking is cancelled and its time goes to other owners; to come in after all, book again." }
    BookingCancelYes { zh: "确认取消预约", en: "Yes, cancel it" }
    VisitAwaitsOwner { zh: "电话预约，车主尚未确认：车主在预约页面确认后即可登记到店。", en: "Booked by phone, not yet confirmed by the owner: once they confirm it on their booking page, the car can be checked in." }
    MadeForYouTitle { zh: "经销商为您电话预约", en: "The dealer booked this for you by phone" }
    MadeForYouText { zh: "请确认这是您本人要求的预约。确认后，到店时可直接登记；如果不是您本人预约的，请取消。", en: "Please confirm you asked for this booking: once confirmed, the car is checked in whenever you arrive. If you did not ask for it, cancel it." }
    MadeForYouConfirm { zh: "确认预约", en: "Confirm the booking" }
    MadeForYouNotMine { zh: "不是我预约的，取消", en: "I did not ask for it: cancel" }
    BookingMove { zh: "改约到其他时间", en: "Move to another time" }
    BookingMoveButton { zh: "改到这个时间", en: "Move here" }
    BookingCallDealer { zh: "距离预约时间已不足规定时限，如需更改请直接致电经销商。", en: "It is too close to the appointment to change it here; please call the dealer." }
    NavSchedule { zh: "车间排班", en: "Workshop day" }
    ScheduleTitle { zh: "车间日程", en: "Workshop schedule" }
    ScheduleDay { zh: "日期", en: "Day" }
    ScheduleShow { zh: "查看", en: "Show" }
    ScheduleClosed { zh: "当天休息。", en: "Closed that day." }
    ScheduleLoad { zh: "工位占用", en: "Bays in use" }
    ScheduleNoVisits { zh: "没有预约。", en: "No bookings." }
    ScheduleCheckIn { zh: "到店登记", en: "Check in" }
    ScheduleNoShow { zh: "未到店", en: "No-show" }
    ScheduleComplete { zh: "完工交车", en: "Complete the visit" }
    ScheduleWork { zh: "完成的工作", en: "Work done" }
    ScheduleParts { zh: "更换的配件（可选）", en: "Parts (optional)" }
    ScheduleAmount { zh: "金额（元）", en: "Amount (yuan)" }
    ScheduleFixRecalls { zh: "本次同时完成了该车所有待处理的召回", en: "This visit also fixed every open recall on the car" }
    SurveyTitle { zh: "服务回访", en: "How was your visit?" }
    SurveyIntro { zh: "感谢您到店。您的评价会直接送到经销商和品牌客服。", en: "Thank you for your visit. Your answer goes straight to the dealer and the brand's customer care." }
    SurveySatisfaction { zh: "总体满意度（1 = 很不满意，5 = 非常满意）", en: "Overall satisfaction (1 = very unhappy, 5 = delighted)" }
    SurveyRecommend { zh: "您向亲友推荐我们的可能性（0–10）", en: "How likely are you to recommend us (0–10)?" }
    SurveyComment { zh: "想对我们说的话（可选）", en: "Anything you want to tell us (optional)" }
    SurveySend { zh: "提交", en: "Send" }
    SurveyThanks { zh: "感谢您的反馈！", en: "Thank you for your answer!" }
    NavTasks { zh: "回访任务", en: "Call-backs" }
    TasksTitle { zh: "回访任务", en: "Call-back tasks" }
    TasksEmpty { zh: "没有待处理的回访任务。", en: "No call-backs waiting." }
    TaskNoAnswer { zh: "问卷未回复", en: "Survey not answered" }
    TaskLowScore { zh: "评分偏低", en: "Low score" }
    TaskOutcome { zh: "回访结果", en: "Outcome of the call" }
    TaskClose { zh: "记录并完成", en: "Record and close" }
    MeAdvisor { zh: "我的专属服务顾问", en: "Your service advisor" }
    StaffAdvisor { zh: "专属服务顾问", en: "Named service advisor" }
    StaffAdvisorNone { zh: "（未指定）", en: "(none)" }
    StaffAdvisorSave { zh: "指定", en: "Assign" }
    StageBooked { zh: "已预约", en: "Booked" }
    StageCheckedIn { zh: "已到店", en: "Checked in" }
    StageInWork { zh: "维修中", en: "In work" }
    StageAwaitingApproval { zh: "待车主确认", en: "Waiting for approval" }
    StageReady { zh: "可取车", en: "Ready for pick-up" }
    StageCompleted { zh: "已完工", en: "Completed" }
    StageCancelled { zh: "已取消", en: "Cancelled" }
    StageNoShow { zh: "未到店", en: "No-show" }
    WorkshopProgress { zh: "维修进度", en: "Your car in the workshop" }
    WorkshopStart { zh: "开始维修", en: "Start work" }
    WorkshopReady { zh: "通知取车", en: "Ready for pick-up" }
    WorkshopWaitingOwner { zh: "等待车主确认追加项目。", en: "Waiting for the owner to answer the estimate." }
    EstimatesTitle { zh: "追加维修报价", en: "Estimates for extra work" }
    EstimateItems { zh: "追加项目", en: "Extra work" }
    EstimateAmount { zh: "报价金额（元）", en: "Estimate (yuan)" }
    EstimateSend { zh: "发送报价给车主", en: "Send the estimate to the owner" }
    EstimateSent { zh: "发送于", en: "Sent" }
    EstimateApprove { zh: "同意", en: "Approve" }
    EstimateDecline { zh: "拒绝", en: "Decline" }
    EstimateApproved { zh: "已同意", en: "Approved" }
    EstimateDeclined { zh: "已拒绝", en: "Declined" }
    DealerChangeTitle { zh: "经销商改约或取消", en: "Move or cancel (dealer)" }
    DealerChangeNewTime { zh: "新的时间", en: "New time" }
    DealerChangeReason { zh: "原因", en: "Reason" }
    DealerChangeMove { zh: "改约并通知车主", en: "Move and tell the owner" }
    DealerChangeCancel { zh: "取消并通知车主", en: "Cancel and tell the owner" }
    DealerMovedTitle { zh: "经销商更改了您的预约时间", en: "The dealer moved your booking" }
    DealerMovedAccept { zh: "接受新时间", en: "Accept the new time" }
    DealerMovedOther { zh: "另选时间", en: "Pick another time" }
    DealerCancelledTitle { zh: "经销商取消了您的预约", en: "The dealer cancelled your booking" }
    DealerCancelledOk { zh: "知道了", en: "Understood" }
    DealerCancelledRebook { zh: "重新预约", en: "Book a new time" }
    BookingPhotos { zh: "问题照片", en: "Photos of the concern" }
    BookingPhotosEmpty { zh: "还没有照片。拍下故障灯或异常部位，能帮助服务顾问提前准备。", en: "No photos yet. A picture of a warning light or the problem helps the advisor prepare." }
    BookingPhotosAdd { zh: "添加照片（JPEG、PNG 或 WebP，最多 3 张）", en: "Add photos (JPEG, PNG or WebP; up to 3)" }
    BookingPhotosLeft { zh: "还可添加", en: "room for" }
    ScheduleVisits { zh: "预约", en: "Bookings" }
    BookingPhotosUpload { zh: "上传", en: "Upload" }
    BookingPhotoAlt { zh: "车主上传的问题照片", en: "The owner's photo of the concern" }
    BookingHistory { zh: "预约记录", en: "History of this booking" }
    BookWithRecalls { zh: "本次到店同时处理该车待完成的召回", en: "Fix the open recalls on this car in the same visit" }
    VisitRecalls { zh: "本次同时处理的召回：", en: "Recall fixes in this visit:" }
    CampaignBookFix { zh: "预约处理", en: "Book the fix" }
    EventBooked { zh: "预约", en: "Booked" }
    EventRescheduled { zh: "改约", en: "Moved" }
    EventMovedByDealer { zh: "经销商改约", en: "Moved by the dealer" }
    EventCancelledByDealer { zh: "经销商取消", en: "Cancelled by the dealer" }
    EventChangeAccepted { zh: "已确认经销商的更改", en: "Dealer's change accepted" }
    EventEstimate { zh: "收到追加报价", en: "Estimate sent" }
    EventPhotos { zh: "上传照片", en: "Photos added" }
    EventOther { zh: "其他", en: "Other" }
    EventByYou { zh: "您本人", en: "you" }
    ScheduleDayView { zh: "日视图", en: "Day" }
    ScheduleWeekView { zh: "周视图", en: "Week" }
    WeekBooked { zh: "个预约", en: "booked" }
    WeekCaption { zh: "本周各时段工位占用（已用/总数）", en: "Bays in use per half hour this week (used/total)" }
    CaseChoose { zh: "请选择", en: "Choose…" }
    CaseAll { zh: "全部", en: "All" }
    CaseAssign { zh: "分派", en: "Assign" }
    CaseAssignee { zh: "处理人", en: "Agent" }
    CaseCatApp { zh: "App / 网站", en: "App or website" }
    CaseCatBilling { zh: "费用结算", en: "Billing" }
    CaseCatDealer { zh: "经销商服务", en: "Dealer service" }
    CaseCatOther { zh: "其他", en: "Other" }
    CaseCatParts { zh: "配件", en: "Parts" }
    CaseCatProduct { zh: "产品质量", en: "Product quality" }
    CaseCatStaff { zh: "员工态度", en: "Staff conduct" }
    CaseCategory { zh: "类别", en: "Category" }
    CaseChannel { zh: "来源渠道", en: "Channel" }
    CaseChannelApi { zh: "呼叫中心系统", en: "Call-centre system" }
    CaseChannelEmail { zh: "邮件", en: "E-mail" }
    CaseChannelPhone { zh: "电话", en: "Phone" }
    CaseChannelPortal { zh: "车主之家", en: "Portal" }
    CaseChannelWalkIn { zh: "到店", en: "Walk-in" }
    CaseChannelWeChat { zh: "微信", en: "WeChat" }
    CaseConversation { zh: "沟通记录", en: "Conversation" }
    CaseCounts { zh: "工单数量", en: "Case counts" }
    CaseDealer { zh: "相关经销商（可选）", en: "Dealer concerned (optional)" }
    CaseDescription { zh: "详细描述", en: "What happened" }
    CaseDoAcknowledge { zh: "确认受理", en: "Acknowledge" }
    CaseDoClose { zh: "关闭", en: "Close" }
    CaseDoResolve { zh: "标记已解决", en: "Mark resolved" }
    CaseDoStart { zh: "开始处理", en: "Start work" }
    CaseEscalated { zh: "已升级", en: "Escalated" }
    CaseEventAssigned { zh: "分派", en: "Assigned" }
    CaseEventBreach { zh: "超时升级", en: "SLA missed, escalated" }
    CaseEventFollowUp { zh: "7 天回访", en: "7-day follow-up" }
    CaseEventLinked { zh: "关联预约或车辆", en: "Linked to a booking or car" }
    CaseEventMerged { zh: "合并重复工单", en: "Merged duplicate" }
    CaseEventNote { zh: "内部备注", en: "Internal note" }
    CaseEventOpened { zh: "提交", en: "Submitted" }
    CaseEventOwnerReply { zh: "车主留言", en: "Owner wrote" }
    CaseEventPriority { zh: "调整优先级", en: "Priority changed" }
    CaseEventRated { zh: "车主评分", en: "Owner rated" }
    CaseEventReopened { zh: "车主重新打开", en: "Reopened by the owner" }
    CaseEventReply { zh: "客服回复", en: "Care replied" }
    CaseFilters { zh: "筛选", en: "Filters" }
    CaseFollowUps { zh: "待回访（解决 7 天后未评分）", en: "Follow-ups due (resolved 7 days ago, not rated)" }
    CaseFollowUpsEmpty { zh: "没有待回访的工单。", en: "No follow-ups waiting." }
    CaseHistoryTitle { zh: "处理记录", en: "History" }
    CaseInternal { zh: "内部备注", en: "Internal note" }
    CaseInternalHint { zh: "仅内部可见（不会发送给车主）", en: "Internal note (never shown to the owner)" }
    CaseKind { zh: "类型", en: "Type" }
    CaseKindComplaint { zh: "投诉", en: "Complaint" }
    CaseKindPraise { zh: "表扬", en: "Praise" }
    CaseKindQuestion { zh: "咨询", en: "Question" }
    CaseKindSuggestion { zh: "建议", en: "Suggestion" }
    CaseLink { zh: "关联", en: "Link" }
    CaseLinkCar { zh: "关联车辆（车架号）", en: "Link a car (VIN)" }
    CaseLinkBooking { zh: "关联预约编号", en: "Link booking no." }
    CaseManage { zh: "处理", en: "Handle the case" }
    CaseMerge { zh: "合并", en: "Merge" }
    CaseMergeInto { zh: "合并到工单编号", en: "Merge into case no." }
    CaseMergedNotice { zh: "已合并到", en: "Merged into" }
    CaseNew { zh: "提交反馈或投诉", en: "Send feedback or a complaint" }
    CaseNewIntro { zh: "告诉我们发生了什么。投诉会在承诺时限内答复，您可以随时查看进度。", en: "Tell us what happened. Complaints are answered within the promised time, and you can follow every step here." }
    CaseNoMessages { zh: "还没有留言。", en: "No messages yet." }
    CaseNone { zh: "（无）", en: "(none)" }
    CaseOnBehalf { zh: "代车主登记（电话、邮件、微信、到店）", en: "Open a case for an owner (phone, e-mail, WeChat, walk-in)" }
    CaseOpened { zh: "提交时间", en: "Opened" }
    CaseOverdue { zh: "已超时", en: "Overdue" }
    CaseOwner { zh: "车主", en: "Owner" }
    CaseOwnerSide { zh: "您", en: "You" }
    CasePhotoAlt { zh: "车主上传的照片", en: "Photo sent by the owner" }
    CasePhotos { zh: "照片（JPEG、PNG 或 WebP，最多 5 张）", en: "Photos (JPEG, PNG or WebP; up to 5)" }
    CasePriority { zh: "优先级", en: "Priority" }
    CasePriorityHigh { zh: "高", en: "High" }
    CasePriorityLow { zh: "低", en: "Low" }
    CasePriorityNormal { zh: "普通", en: "Normal" }
    CasePrioritySafety { zh: "安全", en: "Safety" }
    CaseProgress { zh: "处理进度", en: "Progress" }
    CaseQueueEmpty { zh: "还没有工单。", en: "No cases yet." }
    CaseQueueNoMatch { zh: "没有符合筛选条件的工单。", en: "No case matches these filters." }
    CaseQueueTitle { zh: "客户反馈工单", en: "Customer cases" }
    CaseRateSend { zh: "提交评分", en: "Send rating" }
    CaseRateTitle { zh: "您对处理结果满意吗？", en: "How did we handle it?" }
    CaseRatedNotice { zh: "您的评分：", en: "Your rating:" }
    CaseRating { zh: "评分（1–5）", en: "Rating (1–5)" }
    CaseReopen { zh: "不认可，重新打开", en: "I disagree: reopen" }
    CaseReopenHint { zh: "如果问题没有解决，可在 14 天内重新打开。", en: "If the problem is not solved, you can reopen the case within 14 days." }
    CaseReply { zh: "留言", en: "Message" }
    CaseResolveBy { zh: "承诺解决时间", en: "Resolution promised by" }
    CaseResponseBy { zh: "承诺首次答复时间", en: "First answer promised by" }
    CaseSend { zh: "发送", en: "Send" }
    CaseSetPriority { zh: "设置", en: "Set" }
    CaseSla { zh: "时限", en: "SLA" }
    CaseSlaLeft { zh: "剩余", en: "Left" }
    CaseSlaMet { zh: "已达标", en: "Met" }
    CaseSlaOver { zh: "超时", en: "Over by" }
    CaseSlaResolution { zh: "解决（小时）", en: "Resolution (hours)" }
    CaseSlaResponse { zh: "首次响应（小时）", en: "First response (hours)" }
    CaseSlaSave { zh: "保存", en: "Save" }
    CaseSlaTitle { zh: "服务时限（按优先级）", en: "Service targets by priority" }
    CaseStatus { zh: "状态", en: "Status" }
    CaseStatusAcknowledged { zh: "已受理", en: "Acknowledged" }
    CaseStatusClosed { zh: "已关闭", en: "Closed" }
    CaseStatusInProgress { zh: "处理中", en: "In progress" }
    CaseStatusResolved { zh: "已解决", en: "Resolved" }
    CaseStatusSubmitted { zh: "已提交", en: "Submitted" }
    CaseSubmit { zh: "提交", en: "Submit" }
    CaseSystem { zh: "系统自动", en: "Pitlane (automatic)" }
    CaseDays { zh: "天", en: "days" }
    CaseTitle { zh: "标题", en: "Title" }
    CaseVin { zh: "相关车辆（可选）", en: "Car concerned (optional)" }
    CasesEmpty { zh: "您还没有提交过反馈。", en: "You have not sent any feedback yet." }
    CasesIntro { zh: "表扬、建议、咨询或投诉，我们都会认真对待并跟进到底。", en: "Praise, suggestions, questions or complaints: we answer each one and follow it through." }
    CasesTitle { zh: "我的反馈", en: "My feedback and complaints" }
    NavCases { zh: "我的反馈", en: "Feedback" }
    NavCaseQueue { zh: "客户工单", en: "Cases" }
    SchedulePhone { zh: "电话预约（代车主预约）", en: "Book for an owner on the phone" }
    ScheduleOwnerContact { zh: "车主手机号或邮箱", en: "Owner's mobile number or e-mail" }
}

catalogue! {
    /// Error messages.
    E
    Error403Title { zh: "无权访问", en: "Not allowed" }
    Error403Text { zh: "您的账号无权查看此页面。如有疑问，请联系管理员。", en: "Your account may not see this page. Ask an administrator if you think it should." }
    Error404Title { zh: "页面不存在", en: "Page not found" }
    Error404Text { zh: "您要找的页面不存在或已移动。", en: "The page you are looking for does not exist or has moved." }
    Error500Title { zh: "出错了", en: "Something went wrong" }
    Error500Text { zh: "我们这边出了问题，请稍后重试。问题已记录。", en: "Something failed on our side. Please try again; the problem has been logged." }
    ErrUnauthenticated { zh: "请先登录。", en: "Please sign in first." }
    ErrForbidden { zh: "您无权执行此操作。", en: "You may not do that." }
    ErrNotFound { zh: "找不到该记录。", en: "That record does not exist." }
    ErrBadCredentials { zh: "账号或密码不正确。", en: "The mobile number / e-mail or the password is wrong." }
    ErrAccountDisabled { zh: "该账号已停用。如有疑问，请致电 400-820-6688。", en: "This account has been disabled. Call 400-820-6688 if you think this is a mistake." }
    ErrCodeWrong { zh: "验证码不正确，请核对后重试。", en: "That code is not right; check it and try again." }
    ErrCodeExpired { zh: "验证码已过期，请重新获取。", en: "The code has expired; ask for a new one." }
    ErrCodeTooManyTries { zh: "错误次数过多，此验证码已失效，请重新获取。", en: "Too many wrong tries: this code no longer works. Ask for a new one." }
    ErrCodeUsed { zh: "此验证码已使用过，请重新获取。", en: "This code has been used already; ask for a new one." }
    ErrAccountExists { zh: "该手机号或邮箱已注册，请直接登录。", en: "This mobile number or e-mail is already registered: sign in instead." }
    ErrInternal { zh: "服务器出错，请稍后重试。", en: "The server failed; please try again." }
    ErrRequest { zh: "请求未能送达，请检查网络后重试。", en: "The request did not get through; check your connection and try again." }
    ErrPayloadTooLarge { zh: "一次提交的内容过多，请减少图片或文字后重试。", en: "That is too much to send at once; send fewer pictures or less text and try again." }
    ErrRoleDealerRequired { zh: "该角色必须属于一家经销商。", en: "This role works at a dealer: choose one." }
    ErrRoleDealerNotAllowed { zh: "该角色不属于经销商，请选择“无”。", en: "This role does not belong to a dealer: choose none." }
    ErrRoleUnknown { zh: "没有这个角色。", en: "There is no such role." }
    ErrUnknownChoice { zh: "请从列表中选择。", en: "Choose one of the listed options." }
    ErrCarClaimed { zh: "这辆车已在另一位车主的车库中。如果您已购得此车，请携购车凭证联系客服热线 400-820-6688 办理过户。", en: "This car is already in another owner's garage. If you bought it, call customer care on 400-820-6688 with your proof of purchase and they will transfer it." }
    ErrProofNeeded { zh: "这辆车的购车登记手机号不是您已验证的手机号，请上传行驶证照片，由客服确认。", en: "This car is not registered to your verified mobile number: send a photo of its registration certificate for customer care to confirm." }
    ErrClaimDecided { zh: "这项申请已经处理过了，请刷新页面。", en: "This claim has been decided already; reload the page." }
    ErrRequired { zh: "此项必填。", en: "This is required." }
    ErrMileageDecrease { zh: "里程不能低于上次记录。如记录有误，请联系服务顾问更正。", en: "The mileage cannot go below the last reading. If that reading is wrong, ask a service advisor to correct it." }
    ErrVinNotRegistered { zh: "品牌销售记录中没有这个车架号，请核对行驶证上的车架号。", en: "This VIN is not in the brand's register of sold cars. Check it against your registration certificate." }
    ErrVinNotSold { zh: "这辆车尚未售出，暂不能添加。", en: "This car has not been sold yet, so it cannot be added." }
    ErrChannelUnreachable { zh: "所选联系方式缺少对应的手机号或邮箱。", en: "The chosen channel needs a mobile number or e-mail address that the profile does not have." }
    ErrPlateProvince { zh: "车牌应以省份简称开头，如“沪”“京”。", en: "A plate starts with a province character such as 沪 or 京." }
    ErrPlateMalformed { zh: "车牌格式不正确（如 沪A12345，新能源 沪AD12345）。", en: "That is not a plate like 沪A12345 (new-energy: 沪AD12345)." }
    ErrKmEmpty { zh: "请输入里程。", en: "Enter the mileage." }
    ErrKmNotANumber { zh: "里程请填写整数公里数。", en: "Enter the mileage in whole kilometres." }
    ErrKmTooLarge { zh: "里程数过大，请核对。", en: "That mileage is too large; please check it." }
    ErrDateMalformed { zh: "日期格式应为 年-月-日。", en: "Enter the date as year-month-day." }
    ErrDateInFuture { zh: "日期不能晚于今天。", en: "The date cannot be in the future." }
    ErrDateTooOld { zh: "日期过早，请核对。", en: "That date is too far back; please check it." }
    ErrNoSuchAccount { zh: "没有使用该手机号或邮箱的账号，请新车主先注册。", en: "No account uses this mobile number or e-mail; ask the new owner to register first." }
    ErrUploadTooLarge { zh: "图片不能超过 8 MB。", en: "The picture may be at most 8 MB." }
    ErrUploadNotAPicture { zh: "只能上传 JPEG、PNG 或 WebP 图片。", en: "Only JPEG, PNG or WebP pictures can be uploaded." }
    ErrUploadUnreadable { zh: "图片已损坏或尺寸过大，无法打开。", en: "The picture is damaged or too large to open." }
    ErrUploadTooManyPixels { zh: "图片像素过多（超过 4000 万像素），请缩小后再上传。", en: "The picture has more than 40 megapixels; make it smaller and try again." }
    ErrSlotTaken { zh: "这个时段刚刚约满了，请另选一个时间。", en: "That slot has just filled up; please pick another time." }
    ErrPastCutoff { zh: "距离预约时间太近，无法在线更改。请直接致电经销商。", en: "It is too close to the appointment to change it online. Please call the dealer." }
    ErrCarAlreadyBooked { zh: "这辆车已有一个未完成的预约。如需换时间，请在该预约中改约；服务完成或取消后才能再次预约。", en: "This car already has an open booking. To change the time, reschedule that booking; the car can be booked again once it is done or cancelled." }
    ErrTooManyOpenBookings { zh: "您名下未完成的预约已达上限。请先取消一个，或待服务完成后再预约。", en: "You already hold as many open bookings as an owner may. Cancel one, or book again once a visit is done." }
    ErrSlotUnavailable { zh: "这个时间不可预约，请从列表中选择。", en: "That time cannot be booked; choose one from the list." }
    ErrWrongState { zh: "该预约当前状态下不能执行此操作，请刷新页面。", en: "The booking is not at that step any more; reload the page." }
    ErrMoney { zh: "金额请填写元，如 1280 或 1280.50。", en: "Enter the amount in yuan, like 1280 or 1280.50." }
    ErrAlreadyAnswered { zh: "这份问卷已经提交过了，感谢您的反馈。", en: "This survey has been answered already; thank you." }
    ErrSatisfaction { zh: "请选择 1 到 5 分。", en: "Choose a score from 1 to 5." }
    ErrOutOfRange { zh: "数值超出允许范围，请核对。", en: "That value is out of range; please check it." }
    ErrChapterOnly { zh: "活动请发布在地区车友会版块。", en: "Events go on a region's board (a chapter)." }
    ErrCaseStep { zh: "该工单当前状态下不能执行此操作，请刷新页面。", en: "The case is not at that step any more; reload the page." }
    ErrOwnerMayStillAnswer { zh: "车主可在 14 天内评分或重新打开，期满后工单会自动关闭。", en: "The owner may rate or reopen the case for 14 days; after that it closes by itself." }
    ErrReopenExpired { zh: "问题解决已超过 14 天，无法重新打开。如仍有问题，请提交新的反馈。", en: "It is more than 14 days since the case was resolved, so it cannot be reopened. Please send a new case." }
    ErrRecommend { zh: "请选择 0 到 10 分。", en: "Choose a score from 0 to 10." }
}

catalogue! {
    /// What a field checked as it is left says (`form::Check`): the only error
    /// words the islands carry, so they stay small.
    F
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
    ErrVinEmpty { zh: "请输入车架号。", en: "Enter the VIN." }
    ErrPasswordCommon { zh: "这是最常见的密码之一，很容易被猜到，请换一个。", en: "This is one of the most common passwords and easy to guess: choose another." }
    ErrCodeMalformed { zh: "验证码为 6 位数字。", en: "The code has 6 digits." }
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

/// A car as lists and choices name it: the model, then the plate (the VIN
/// while it has none).
pub fn car_name(car: &Car, lang: Lang) -> String {
    format!(
        "{} · {}",
        lang.pick(&car.model_zh, &car.model_en),
        car.plate.clone().unwrap_or_else(|| car.vin.to_string())
    )
}

/// A dealer as choices name it: the city, then the dealer's name.
pub fn dealer_name(dealer: &Dealer, lang: Lang) -> String {
    format!("{} · {}", lang.pick(&dealer.city_zh, &dealer.city_en), lang.pick(&dealer.name_zh, &dealer.name_en))
}

/// What a field checked in the browser can be found to have (`form::Check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    Identifier(IdentifierError),
    Mobile(MobileError),
    Email(EmailError),
    Password(PasswordError),
    DisplayName(DisplayNameError),
    Vin(VinError),
    /// Not six digits.
    Code,
}

/// The words for what a field check found, from `F` only: the one error text
/// the islands call, so the rest of the catalogue stays out of the wasm.
pub fn checked_text(problem: Checked, lang: Lang) -> String {
    let fixed = |t: F| t.text(lang).to_owned();
    match problem {
        Checked::Identifier(IdentifierError::Empty) => fixed(F::ErrIdentifierEmpty),
        Checked::Identifier(IdentifierError::Mobile(e)) | Checked::Mobile(e) => mobile_text(e, lang),
        Checked::Identifier(IdentifierError::Email(e)) | Checked::Email(e) => email_text(e, lang),
        Checked::Password(PasswordError::TooShort) => fixed(F::ErrPasswordTooShort),
        Checked::Password(PasswordError::TooLong) => fixed(F::ErrPasswordTooLong),
        Checked::Password(PasswordError::TooSimple) => fixed(F::ErrPasswordTooSimple),
        Checked::Password(PasswordError::Common) => fixed(F::ErrPasswordCommon),
        Checked::DisplayName(DisplayNameError::Empty) => fixed(F::ErrNameEmpty),
        Checked::DisplayName(DisplayNameError::TooLong) => fixed(F::ErrNameTooLong),
        Checked::DisplayName(DisplayNameError::ControlCharacters) => fixed(F::ErrNameControl),
        Checked::Vin(e) => vin_text(e, lang),
        Checked::Code => fixed(F::ErrCodeMalformed),
    }
}

/// A field problem as one sentence the user can act on.
pub fn problem_text(problem: Problem, lang: Lang) -> String {
    let fixed = |t: E| t.text(lang).to_owned();
    match problem {
        Problem::Identifier(e) => checked_text(Checked::Identifier(e), lang),
        Problem::Mobile(e) => checked_text(Checked::Mobile(e), lang),
        Problem::Email(e) => checked_text(Checked::Email(e), lang),
        Problem::Password(e) => checked_text(Checked::Password(e), lang),
        Problem::DisplayName(e) => checked_text(Checked::DisplayName(e), lang),
        Problem::Role(RoleError::DealerRequired) => fixed(E::ErrRoleDealerRequired),
        Problem::Role(RoleError::DealerNotAllowed) => fixed(E::ErrRoleDealerNotAllowed),
        Problem::Role(RoleError::Unknown) => fixed(E::ErrRoleUnknown),
        Problem::UnknownChoice => fixed(E::ErrUnknownChoice),
        Problem::Vin(e) => checked_text(Checked::Vin(e), lang),
        Problem::Plate(PlateError::Province) => fixed(E::ErrPlateProvince),
        Problem::Plate(PlateError::Malformed) => fixed(E::ErrPlateMalformed),
        Problem::Km(KmError::Empty) => fixed(E::ErrKmEmpty),
        Problem::Km(KmError::NotANumber) => fixed(E::ErrKmNotANumber),
        Problem::Km(KmError::TooLarge) => fixed(E::ErrKmTooLarge),
        Problem::Date(DateError::Malformed) => fixed(E::ErrDateMalformed),
        Problem::Date(DateError::InFuture) => fixed(E::ErrDateInFuture),
        Problem::Date(DateError::TooOld) => fixed(E::ErrDateTooOld),
        Problem::Required => fixed(E::ErrRequired),
        Problem::WebAddress => lang
            .pick("请填写以 http:// 或 https:// 开头的地址。", "An address starting http:// or https://.")
            .to_owned(),
        Problem::TooLong(max) => match lang {
            Lang::Zh => format!("不能超过 {max} 个字。"),
            Lang::En => format!("At most {max} characters."),
        },
        Problem::TooShort(min) => match lang {
            Lang::Zh => format!("至少 {min} 个字。"),
            Lang::En => format!("At least {min} characters."),
        },
        Problem::ChapterOnly => fixed(E::ErrChapterOnly),
        Problem::ClubStep(e) => club_step(e, lang),
        Problem::CheckIn(e) => club_check_in(e, lang),
        Problem::Moderation(e) => club_moderation(e, lang),
        Problem::Lead(e) => lead_refusal(e, lang),
        Problem::Voucher(e) => voucher_refusal(e, lang),
        Problem::NameTaken => {
            lang.pick("这个名称已被使用，请换一个。", "This name is already taken here: choose another.").to_owned()
        }
        Problem::MileageDecrease => fixed(E::ErrMileageDecrease),
        Problem::VinNotRegistered => fixed(E::ErrVinNotRegistered),
        Problem::VinNotSold => fixed(E::ErrVinNotSold),
        Problem::ChannelUnreachable => fixed(E::ErrChannelUnreachable),
        Problem::NoSuchAccount => fixed(E::ErrNoSuchAccount),
        Problem::SlotUnavailable => fixed(E::ErrSlotUnavailable),
        Problem::WrongState => fixed(E::ErrWrongState),
        Problem::Arrival(refused) => arrival_refusal(refused, lang),
        Problem::OutOfRange => fixed(E::ErrOutOfRange),
        Problem::Case(pitlane::case::TransitionError::NotFromHere) => fixed(E::ErrCaseStep),
        Problem::Case(pitlane::case::TransitionError::ReopenExpired) => fixed(E::ErrReopenExpired),
        Problem::Case(pitlane::case::TransitionError::OwnerMayStillAnswer) => fixed(E::ErrOwnerMayStillAnswer),
        Problem::TooMany(max) => match lang {
            Lang::Zh => format!("最多 {max} 张。"),
            Lang::En => format!("At most {max}."),
        },
        Problem::Money(_) => fixed(E::ErrMoney),
        Problem::Answer(pitlane::followup::AnswerError::Satisfaction) => fixed(E::ErrSatisfaction),
        Problem::Answer(pitlane::followup::AnswerError::Recommend) => fixed(E::ErrRecommend),
        Problem::Upload(UploadError::TooLarge) => fixed(E::ErrUploadTooLarge),
        Problem::Upload(UploadError::NotAPicture) => fixed(E::ErrUploadNotAPicture),
        Problem::Upload(UploadError::Unreadable) => fixed(E::ErrUploadUnreadable),
        Problem::Upload(UploadError::TooManyPixels) => fixed(E::ErrUploadTooManyPixels),
        Problem::Code(CodeError::Malformed) => checked_text(Checked::Code, lang),
        Problem::Code(CodeError::Wrong) => fixed(E::ErrCodeWrong),
        Problem::Code(CodeError::Expired) => fixed(E::ErrCodeExpired),
        Problem::Code(CodeError::TooManyTries) => fixed(E::ErrCodeTooManyTries),
        Problem::Code(CodeError::Used) => fixed(E::ErrCodeUsed),
        Problem::ProofNeeded => fixed(E::ErrProofNeeded),
        Problem::Claim(pitlane::garage::claim::TransitionError::Decided) => fixed(E::ErrClaimDecided),
        Problem::Claim(pitlane::garage::claim::TransitionError::NotYours) => fixed(E::ErrForbidden),
    }
}

fn lead_refusal(e: pitlane::lead::TransitionError, lang: Lang) -> String {
    use pitlane::lead::TransitionError;
    match e {
        TransitionError::NotFromHere => lang.pick(
            "该线索的阶段已变化，此操作不再适用，请刷新页面。",
            "The lead has moved on: this step no longer applies. Reload the page.",
        ),
        TransitionError::CarTaken => {
            lang.pick("该车架号已登记给其他客户。", "This VIN is already registered to someone else.")
        }
        TransitionError::ManagerOnly => {
            lang.pick("只有销售经理可以重新分配线索。", "Only the sales manager reassigns leads.")
        }
        TransitionError::NotAHandlerHere => {
            lang.pick("该顾问不负责本经销商的线索。", "That person does not handle this dealer's leads.")
        }
        TransitionError::DriveNotYet => lang.pick("试驾还没有开始。", "The test drive has not started yet."),
        TransitionError::NeverContacted => lang.pick(
            "还没有人联系过这位客户：请先致电或发消息并记录联系，之后才能标记战败。",
            "Nobody has reached this prospect yet: call or message them and log it before marking the lead lost.",
        ),
        TransitionError::NotOurStock => lang.pick(
            "该车不在本经销商的库存中。",
            "This car is not in this dealer's stock.",
        ),
        TransitionError::WrongModel => {
            lang.pick("该车与线索的意向车型不符。", "This car is another model than the one the lead asked about.")
        }
        TransitionError::UnregisteredNeedsManager => lang.pick(
            "车辆登记库中没有这个车架号：需由销售经理勾选确认后才能成交。",
            "The register does not know this VIN: the sales manager must tick the confirmation to record the sale.",
        ),
        TransitionError::MobileUnproven => lang.pick(
            "该手机号属于一个未验证或已停用的账号，请先联系客服核实。",
            "This mobile is on an account that never verified it, or a disabled one: ask customer care to sort it out first.",
        ),
    }
    .to_owned()
}

/// Why a visit's arrival (or absence) cannot be recorded now, as one sentence.
fn arrival_refusal(refused: ArrivalRefusal, lang: Lang) -> String {
    use pitlane::booking::lifecycle::{PHONE_CHECK_IN_EARLY, PHONE_CHECK_IN_LATE, PHONE_NOTICE};
    match refused {
        ArrivalRefusal::NotItsDay => lang
            .pick(
                "只能在预约当天（北京时间）登记到店：这辆车不是今天的预约。",
                "A car is checked in on the day of its visit (China time): this visit is not today.",
            )
            .to_owned(),
        ArrivalRefusal::BeforeItsDay => lang
            .pick(
                "预约日期还没到，不能标记为未到店。",
                "The visit's day has not come yet: it cannot be marked as a no-show.",
            )
            .to_owned(),
        ArrivalRefusal::AwaitsOwner => {
            let (early, late, notice) =
                (PHONE_CHECK_IN_EARLY.num_hours(), PHONE_CHECK_IN_LATE.num_hours(), PHONE_NOTICE.num_hours());
            match lang {
                Lang::Zh => format!(
                    "车主尚未确认的电话预约，只能在预约时间前 {early} 小时至开始后 {late} 小时内、且预约已满 {notice} 小时后登记到店；请车主先在预约页面确认。"
                ),
                Lang::En => format!(
                    "A phone booking its owner has not confirmed is checked in from {early} hours before its time to {late} hours after, once it is {notice} hours old: ask the owner to confirm it on their booking page."
                ),
            }
        }
    }
}

fn voucher_refusal(e: pitlane::loyalty::VoucherError, lang: Lang) -> String {
    use pitlane::loyalty::VoucherError::*;
    match e {
        NotFromHere => {
            lang.pick("该券的状态已变化，请重新查询。", "This voucher has changed meanwhile; look it up again.")
        }
        AlreadyUsed => lang.pick("该券已使用，不能重复核销。", "This voucher has been used already."),
        Expired => lang.pick("该券已过期。", "This voucher has expired."),
        NotEnoughPoints => lang.pick("积分不足。", "Not enough points."),
        OutOfStock => lang.pick("该礼品已兑完。", "This reward is out of stock."),
        LimitReached => lang.pick("您已达到该礼品的兑换上限。", "You have redeemed this reward as often as allowed."),
    }
    .to_owned()
}

fn club_step(_: ClubStepError, lang: Lang) -> String {
    lang.pick("该内容的状态已变化，请刷新页面。", "This item has changed meanwhile; reload the page.").to_owned()
}

fn club_check_in(e: CheckInError, lang: Lang) -> String {
    match e {
        CheckInError::NotNow => lang.pick(
            "签到在活动开始前一小时开放，活动结束时关闭。",
            "Check-in opens an hour before the event and closes at its end.",
        ),
        CheckInError::Already => lang.pick("您已签到。", "You have checked in already."),
        CheckInError::WrongCode => lang.pick("签到码不正确。", "That is not this event's code."),
        CheckInError::NoPlace => lang.pick("只有已报名的成员可以签到。", "Only members with a place can check in."),
    }
    .to_owned()
}

fn club_moderation(e: ModerationError, lang: Lang) -> String {
    match e {
        ModerationError::NotYours => {
            lang.pick("只能对关于自己的决定提出申诉。", "You can appeal decisions about you only.")
        }
        ModerationError::NotAppealable => lang.pick("该决定不能申诉。", "This decision cannot be appealed."),
        ModerationError::AlreadyAppealed => lang.pick("每个决定只能申诉一次。", "A decision is appealed once."),
        ModerationError::OwnDecision => {
            lang.pick("申诉须由另一位版主处理。", "Another moderator must decide this appeal.")
        }
        ModerationError::OwnCase => lang.pick(
            "版主不能处理与自己有关的内容或决定。",
            "A moderator does not decide about their own words or standing.",
        ),
        ModerationError::AdminOnly => lang.pick(
            "暂停发言、封禁、先审后发、解除限制和敏感词影响整个车友会，由管理员决定。",
            "Suspensions, bans, pre-approval, lifting and held words reach the whole club: an admin decides.",
        ),
        ModerationError::NotOverStaff => lang.pick(
            "员工和版主由管理员处理，不由版块版主处罚；管理员不在车友会处罚之列。",
            "Staff and moderators answer to an admin, not to a board seat; admins are not sanctioned in the club.",
        ),
        ModerationError::RuleRequired => lang.pick(
            "隐藏、删除或处罚须选择所违反的规则。",
            "Hiding, deleting or a sanction needs the rule that was broken: choose it.",
        ),
        ModerationError::NoRuleBroken => lang.pick(
            "通过、恢复、驳回举报或解除限制不引用违规规则：请把规则留空。",
            "Approving, restoring, dismissing reports or lifting a restriction cites no rule: leave the rule empty.",
        ),
    }
    .to_owned()
}

fn mobile_text(e: MobileError, lang: Lang) -> String {
    match e {
        MobileError::Empty => F::ErrMobileEmpty,
        MobileError::NotMainland => F::ErrMobileNotMainland,
    }
    .text(lang)
    .to_owned()
}

fn email_text(e: EmailError, lang: Lang) -> String {
    match e {
        EmailError::Empty => F::ErrEmailEmpty,
        EmailError::TooLong => F::ErrEmailTooLong,
        EmailError::Malformed => F::ErrEmailMalformed,
    }
    .text(lang)
    .to_owned()
}

/// What is wrong with a VIN, with the position a person can count to.
fn vin_text(e: VinError, lang: Lang) -> String {
    match (e, lang) {
        (VinError::Empty, _) => F::ErrVinEmpty.text(lang).to_owned(),
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
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|at| pitlane::zone::wall_clock(pitlane::zone::CHINA, at))
        .unwrap_or_default()
}

/// What was held back and when to try again (short waits in seconds).
pub fn throttled_text(what: Throttle, retry_after_secs: i64, lang: Lang) -> String {
    let (zh, en) = match what {
        Throttle::SignIn => ("登录尝试次数过多", "Too many sign-in attempts"),
        Throttle::CodeRequest => ("获取验证码过于频繁", "Too many verification codes asked for"),
        Throttle::CodeTry => ("验证码输入错误次数过多", "Too many wrong verification codes"),
        Throttle::WarrantyLookup => ("保修查询过于频繁", "Too many warranty lookups"),
        Throttle::CarClaim => ("认领车辆的尝试过多", "Too many attempts to add a car"),
        Throttle::BookingWrite => ("预约操作过于频繁", "Too many booking changes"),
        Throttle::TestDrive => ("试驾申请提交过于频繁", "Too many test-drive requests"),
        Throttle::ClubSearch => ("车友会搜索过于频繁", "Too many club searches"),
        Throttle::ClubLike => ("点赞过于频繁", "Too many likes"),
        Throttle::Uploads => ("当前上传的人较多", "Many people are uploading right now"),
    };
    let minutes = (retry_after_secs + 59) / 60;
    match (lang, retry_after_secs < 60) {
        (Lang::Zh, true) => format!("{zh}，请 {retry_after_secs} 秒后再试。"),
        (Lang::Zh, false) => format!("{zh}，请 {minutes} 分钟后再试。"),
        (Lang::En, true) => format!("{en}. Try again in {retry_after_secs} s."),
        (Lang::En, false) => format!("{en}. Try again in {minutes} min."),
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

    #[test]
    fn each_throttle_says_what_waits_and_for_how_long() {
        let all = [
            Throttle::SignIn,
            Throttle::CodeRequest,
            Throttle::CodeTry,
            Throttle::WarrantyLookup,
            Throttle::CarClaim,
            Throttle::BookingWrite,
            Throttle::TestDrive,
            Throttle::ClubSearch,
            Throttle::ClubLike,
            Throttle::Uploads,
        ];
        for lang in [Lang::Zh, Lang::En] {
            let texts: Vec<String> = all.iter().map(|what| throttled_text(*what, 125, lang)).collect();
            for text in &texts {
                assert!(text.contains('3'), "three minutes, rounded up: {text}");
            }
            let mut distinct = texts.clone();
            distinct.dedup();
            assert_eq!(distinct.len(), all.len(), "no two throttles read alike: {texts:?}");
            assert!(throttled_text(Throttle::WarrantyLookup, 20, lang).contains("20"), "short waits in seconds");
        }
        assert!(!throttled_text(Throttle::WarrantyLookup, 60, Lang::Zh).contains("登录"), "a lookup is not a sign-in");
    }
}
