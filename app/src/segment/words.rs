//! The segments' words in Simplified Chinese and English: the pages, the
//! filter's fields and the CSV's headings.

use crate::i18n::{catalogue, Lang};
use pitlane::analytics::rfm::RfmClass;
use pitlane::error::Field;

catalogue! {
    /// Segment and export text.
    S
    Title { zh: "客户分群", en: "Segments" }
    Intro { zh: "分群是保存下来的筛选条件：随时查看人数、名单并导出。", en: "A segment is a saved filter: see its count and list, and export it, at any time." }
    Empty { zh: "本工作台还没有保存的分群。先筛选客户，再“保存为分群”。", en: "Your desk has no saved segment yet. Filter the owners, then “Save as segment”." }
    NewFilter { zh: "筛选客户", en: "Filter owners" }
    ListTitle { zh: "筛选客户", en: "Filter owners" }
    ListIntro { zh: "每个条件都会缩小范围；名单只包含本工作台可接触的客户。", en: "Every field narrows the list; it holds only the owners your desk reaches." }
    FieldModel { zh: "车型", en: "Model" }
    FieldCity { zh: "城市", en: "City" }
    FieldDealer { zh: "经销商", en: "Dealer" }
    FieldTier { zh: "会员等级", en: "Tier" }
    FieldVisitedFrom { zh: "最近到店不早于", en: "Last visit on or after" }
    FieldVisitedBefore { zh: "最近到店早于", en: "Last visit before" }
    FieldRfm { zh: "RFM 分类", en: "RFM class" }
    FieldAtRisk { zh: "流失风险", en: "At risk of churning" }
    FieldConsent { zh: "营销同意", en: "Marketing consent" }
    FieldRecall { zh: "有未完成的召回", en: "Has an open recall" }
    FieldName { zh: "分群名称", en: "Segment name" }
    Any { zh: "不限", en: "Any" }
    Yes { zh: "是", en: "Yes" }
    No { zh: "否", en: "No" }
    Apply { zh: "筛选", en: "Apply" }
    Clear { zh: "清除条件", en: "Clear" }
    Count { zh: "符合条件的客户", en: "Owners matching" }
    FirstRows { zh: "只显示前 50 位；导出 CSV 可得到全部。", en: "The first 50 are shown; export the CSV for all of them." }
    NoneMatch { zh: "没有符合条件的客户。放宽一个条件试试。", en: "No owner your desk reaches matches. Try loosening a field." }
    SaveAs { zh: "保存为分群", en: "Save as segment" }
    Save { zh: "保存", en: "Save" }
    Saving { zh: "正在保存…", en: "Saving…" }
    Export { zh: "导出 CSV", en: "Export CSV" }
    ColName { zh: "客户", en: "Owner" }
    ColCity { zh: "城市", en: "City" }
    ColModels { zh: "车型", en: "Models" }
    ColTier { zh: "等级", en: "Tier" }
    ColLastVisit { zh: "最近到店", en: "Last visit" }
    ColRfm { zh: "RFM 分类", en: "RFM class" }
    ColAtRisk { zh: "流失风险", en: "At risk" }
    ColContact { zh: "联系方式", en: "Contact" }
    ColMobile { zh: "手机号", en: "Mobile" }
    ColEmail { zh: "邮箱", en: "E-mail" }
    ColSegment { zh: "分群", en: "Segment" }
    ColCount { zh: "客户数", en: "Owners" }
    ColActions { zh: "操作", en: "Actions" }
    Never { zh: "从未到店", en: "Never" }
    NotScored { zh: "未评分", en: "Not scored" }
    NoCar { zh: "无", en: "None" }
    Open { zh: "查看", en: "Open" }
    Delete { zh: "删除分群", en: "Delete segment" }
    DeleteConsequence { zh: "分群将被删除，客户资料不受影响。", en: "The segment goes; the owners' records stay as they are." }
    DeleteConfirm { zh: "删除", en: "Delete" }
    Back { zh: "返回分群列表", en: "Back to segments" }
    NavSegments { zh: "客户分群", en: "Segments" }
    BadFilter { zh: "筛选条件有误", en: "The filter is wrong" }
}

/// The label of a filter field (and of the segment's name), for an error
/// that names it outside the form (the CSV export's 400).
pub fn field_label(field: Field, lang: Lang) -> &'static str {
    match field {
        Field::Model => S::FieldModel,
        Field::City => S::FieldCity,
        Field::Dealer => S::FieldDealer,
        Field::Tier => S::FieldTier,
        Field::VisitedFrom => S::FieldVisitedFrom,
        Field::VisitedBefore => S::FieldVisitedBefore,
        Field::Rfm => S::FieldRfm,
        Field::AtRisk => S::FieldAtRisk,
        Field::Consent => S::FieldConsent,
        Field::Recall => S::FieldRecall,
        Field::SegmentName => S::FieldName,
        _ => S::BadFilter,
    }
    .text(lang)
}

/// An RFM class as the CRM team says it (重要价值客户 …).
pub fn rfm_name(class: RfmClass, lang: Lang) -> &'static str {
    match class {
        RfmClass::ImportantValue => lang.pick("重要价值客户", "Important value"),
        RfmClass::ImportantKeep => lang.pick("重要保持客户", "Important to keep"),
        RfmClass::ImportantDevelop => lang.pick("重要发展客户", "Important to develop"),
        RfmClass::ImportantRetain => lang.pick("重要挽留客户", "Important to win back"),
        RfmClass::GeneralValue => lang.pick("一般价值客户", "General value"),
        RfmClass::GeneralKeep => lang.pick("一般保持客户", "General to keep"),
        RfmClass::GeneralDevelop => lang.pick("一般发展客户", "General to develop"),
        RfmClass::GeneralRetain => lang.pick("一般挽留客户", "General to win back"),
    }
}
