//! The owner's booking pages' own words in Simplified Chinese and English (the
//! older ones are in the shared catalogue, `crate::i18n::T`; the advisor's day
//! has `day_words`).

use crate::i18n::{catalogue, Lang};

catalogue! {
    /// The owner's booking text.
    B
    ChooseCar { zh: "请选择车辆", en: "Choose a car" }
    ChooseDealer { zh: "请选择经销商", en: "Choose a dealer" }
    ChooseService { zh: "请选择服务项目", en: "Choose a service" }
    DealerProposed { zh: "已按您的常用经销商、车辆上次到店的经销商或您所在的城市预选，可更改。", en: "Proposed from your preferred dealer, the car's last visit or your city: change it if you like." }
    DealerLocalTime { zh: "经销商当地时间", en: "Dealer's local time" }
    Minutes { zh: "分钟", en: "min" }
    ApproveWhat { zh: "批准后经销商将开始追加项目，费用为", en: "The dealer will start the extra work, which costs" }
    ApproveYes { zh: "确认批准", en: "Yes, approve" }
    DeclineWhat { zh: "拒绝后经销商不会进行这些追加项目，报价金额为", en: "The dealer will not do this extra work, quoted at" }
    DeclineYes { zh: "确认拒绝", en: "Yes, decline" }
    FullStop { zh: "。", en: "." }
}
