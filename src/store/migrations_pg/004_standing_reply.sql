-- 004: the reply that counts, one definition for every query (DOMAIN.md step 6).
--
-- One row per assignment. The *standing reply* is the assignment's latest reply (by id:
-- replies are added in order, and a later round always has a larger id) that review has
-- not returned (退回重办); its columns are NULL while there is none.
--   first_replied_on  the date of the first reply review did not return: when the unit
--                     replied, for 按时答复 (on time) and 逾期 (overdue);
--   latest_review     the review state of the latest reply of any kind, returned included
--                     ('pending', 'approved', 'returned'; NULL with no reply): what the
--                     item's status and the supervision lists follow (a returned reply is
--                     work to redo even when an earlier round's reply stands).
CREATE VIEW standing_reply AS
SELECT a.id             AS assignment_id,
       s.id             AS reply_id,
       s.round          AS round,
       s.replied_on     AS replied_on,
       s.doc_number     AS doc_number,
       s.result_class   AS result_class,
       s.disclosure     AS disclosure,
       s.review         AS review,
       (SELECT min(f.replied_on) FROM reply f
         WHERE f.assignment_id = a.id AND f.review != 'returned')                  AS first_replied_on,
       (SELECT l.review FROM reply l WHERE l.assignment_id = a.id
         ORDER BY l.id DESC LIMIT 1)                                               AS latest_review
FROM assignment a
LEFT JOIN reply s ON s.id = (SELECT max(m.id) FROM reply m
                             WHERE m.assignment_id = a.id AND m.review != 'returned');
