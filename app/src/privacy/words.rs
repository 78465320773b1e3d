//! The privacy notice's words in Simplified Chinese and English: a title, and
//! its sections, each a heading, sentences and a list.

use crate::i18n::{catalogue, Lang};

catalogue! {
    /// Privacy notice text.
    P
    Title { zh: "隐私政策", en: "Privacy notice" }
    Updated { zh: "2026 年 12 月 1 日更新 · 第 1 版", en: "Updated 1 December 2026 · version 1" }
    Intro { zh: "子午汽车（“我们”）运营 Pitlane 车主之家。本政策用简短的语言说明我们收集您的哪些个人信息、为什么收集、保存多久，以及您享有的权利。", en: "Meridian Motors (“we”) runs the Pitlane owners' portal. This notice says, briefly, which personal information we collect about you, why, how long we keep it, and your rights over it." }
}

/// A part of the notice: its heading, its sentences, and a list (maybe empty).
pub struct Section {
    pub heading: &'static str,
    pub text: &'static [&'static str],
    pub items: &'static [&'static str],
}

/// The notice's sections in `lang`.
pub fn sections(lang: Lang) -> &'static [Section] {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

static ZH: [Section; 7] = [
    Section {
        heading: "我们收集什么",
        text: &["只收集提供服务所需的信息："],
        items: &[
            "账号：手机号或邮箱、称呼、密码（只保存加密后的摘要，任何人都无法读出）；",
            "车辆：车架号（VIN）、车型、里程、保修与召回情况；",
            "服务：预约、到店与维修记录、估价与您的答复、投诉与回访问卷；",
            "车友会：您发布的帖子、评论、图片（上传时会去除图片中的位置等元数据）与活动报名；",
            "积分：获得与兑换的记录、礼券；",
            "试驾申请：姓名、手机号、城市、意向车型与经销商；",
            "安全：登录时的网络地址、会话与语言 Cookie、操作记录。我们不使用广告或跟踪 Cookie。",
        ],
    },
    Section {
        heading: "为什么收集",
        text: &[],
        items: &[
            "为您开设并保护账号，发送验证码与账号安全提醒；",
            "安排保养维修、联系您并把维修记录留在车辆档案中；",
            "在召回或安全活动时通知您，这是法律对汽车品牌的要求；",
            "处理投诉、计算积分、运营车友会；",
            "只有在您于个人资料中同意后，才会向您发送新车型、活动和优惠信息，您可随时撤回。",
        ],
    },
    Section {
        heading: "谁能看到",
        text: &[
            "为您服务的授权经销商能看到完成服务所需的信息；短信与邮件服务商只收到要发送给您的内容。我们不出售您的个人信息。信息存储在中国境内。",
        ],
        items: &[],
    },
    Section {
        heading: "保存多久",
        text: &[],
        items: &[
            "账号信息：在账号存续期间保存；注销后 30 天内删除或匿名化；",
            "维修与召回记录：随车辆档案保存，以履行法律规定的追溯义务；",
            "验证码：10 分钟内有效，过期一天后删除；登录会话最长 30 天；",
            "安全与操作记录：按网络安全法律的要求保存至少 6 个月，之后删除。",
        ],
    },
    Section {
        heading: "您的权利",
        text: &["您可以随时："],
        items: &[
            "查阅并获取一份您的个人信息；",
            "更正不准确的信息（大部分可在“我的 › 个人资料”中自行修改）；",
            "把您的信息转移给您指定的其他服务方；",
            "撤回营销同意，删除您的信息或注销账号；",
            "要求我们解释如何处理您的信息。",
        ],
    },
    Section {
        heading: "联系我们",
        text: &[
            "个人信息保护负责人：privacy@meridian-motors.cn，服务热线 400-820-6688（每天 8:00–20:00）。我们会在 15 个工作日内答复。如您对答复不满意，可向网信等主管部门投诉。",
        ],
        items: &[],
    },
    Section {
        heading: "本政策的变更",
        text: &["如有重要变更，我们会在您登录时提示并说明变更内容；需要您重新同意的，我们会再次征得您的同意。"],
        items: &[],
    },
];

static EN: [Section; 7] = [
    Section {
        heading: "What we collect",
        text: &["Only what the service needs:"],
        items: &[
            "Your account: mobile number or e-mail, your name, your password (kept only as a one-way hash nobody can read back);",
            "Your cars: VIN, model, mileage, warranty and recall status;",
            "Service: bookings, visits and work done, estimates and your answers, complaints and survey answers;",
            "The club: your posts, comments, pictures (we strip location and other metadata when you upload them) and event places;",
            "Points: what you earned and redeemed, your vouchers;",
            "Test-drive requests: name, mobile, city, the model and dealer you chose;",
            "Security: the network address you sign in from, the session and language cookies, a log of account actions. We use no advertising or tracking cookies.",
        ],
    },
    Section {
        heading: "Why",
        text: &[],
        items: &[
            "To open and protect your account, and send you codes and security alerts;",
            "To arrange service, contact you about it and keep the work in your car's history;",
            "To tell you about recalls and safety campaigns, which the law requires of a car brand;",
            "To handle complaints, count your points and run the club;",
            "To send you news about models, events and offers, only if you agree in your profile; you can withdraw at any time.",
        ],
    },
    Section {
        heading: "Who sees it",
        text: &[
            "The authorised dealer serving you sees what it needs for that service; our SMS and e-mail providers receive only the message for you. We never sell your personal information. It is stored in mainland China.",
        ],
        items: &[],
    },
    Section {
        heading: "How long we keep it",
        text: &[],
        items: &[
            "Your account: while it exists; deleted or anonymised within 30 days of closing it;",
            "Service and recall records: with the car's history, as the law requires them to be traceable;",
            "Codes: valid for 10 minutes, deleted a day after they expire; a sign-in lasts 30 days at most;",
            "Security and action logs: at least 6 months, as cybersecurity law requires, then deleted.",
        ],
    },
    Section {
        heading: "Your rights",
        text: &["At any time you may:"],
        items: &[
            "see your personal information and get a copy of it;",
            "correct what is wrong (most of it yourself, under My account › Profile);",
            "take your information to another service of your choice;",
            "withdraw marketing consent, have your information deleted or close your account;",
            "ask us to explain how we handle your information.",
        ],
    },
    Section {
        heading: "Contact",
        text: &[
            "Our personal information officer: privacy@meridian-motors.cn, hotline 400-820-6688 (daily 8:00–20:00). We answer within 15 working days. If our answer does not satisfy you, you may complain to the Cyberspace Administration or another competent authority.",
        ],
        items: &[],
    },
    Section {
        heading: "Changes",
        text: &["We tell you about any important change when you next sign in, and ask for your consent again where a change needs it."],
        items: &[],
    },
];
