"""Critical-illness definitions as data (重大疾病定义): criteria trees and their evaluator."""
