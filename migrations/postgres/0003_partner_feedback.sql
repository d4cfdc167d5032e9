-- Partner feedback on shared offers (candidates positioned, comment), and
-- each partner user's last visit of the dashboard ("new since my last visit").
CREATE TABLE share_feedback (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    offer_id BIGINT NOT NULL,
    partner_org_id BIGINT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    at BIGINT NOT NULL,
    candidates BIGINT NOT NULL CHECK (candidates >= 0),
    comment TEXT NOT NULL,
    FOREIGN KEY (offer_id, partner_org_id) REFERENCES offer_shares(offer_id, partner_org_id)
);
CREATE INDEX share_feedback_share ON share_feedback(offer_id, partner_org_id);

CREATE TABLE partner_visits (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    seen_at BIGINT NOT NULL
);
